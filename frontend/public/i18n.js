// The customer pages' text in Estonian and English (the browser's language picks, a button switches).
export const TEXT = {
  et: {
    title: "Teie tagasiside", kind: "Liik", about: "Tagasiside töötajale", at: "Asukoht", praise: "Kiitus", complaint: "Kaebus",
    suggestion: "Ettepanek", rating: "Hinne (1–5)", message: "Teie sõnum", contactTitle: "Kontakt (vabatahtlik)",
    name: "Nimi", email: "E-post", phone: "Telefon", consent: "Võite minuga selle tagasiside asjus ühendust võtta",
    send: "Saada", thanks: "Aitäh! Teie tagasiside jõudis meieni.", badCode: "Seda koodi ei leitud.",
    surveyTitle: "Kuidas meil läks?", csat: "Kui rahul olete lahendusega? (1–5)",
    nps: "Kui tõenäoliselt soovitaksite meid sõbrale? (0–10)", comment: "Kommentaar (vabatahtlik)",
    surveyThanks: "Aitäh vastamast!", surveyClosed: "Seda küsitlust ei saa enam vastata.", other: "English",
  },
  en: {
    title: "Your feedback", kind: "Type", about: "Feedback for", at: "Location", praise: "Praise", complaint: "Complaint",
    suggestion: "Suggestion", rating: "Rating (1–5)", message: "Your message", contactTitle: "Contact (optional)",
    name: "Name", email: "E-mail", phone: "Phone", consent: "You may contact me about this feedback",
    send: "Send", thanks: "Thank you! Your feedback reached us.", badCode: "This code was not found.",
    surveyTitle: "How did we do?", csat: "How satisfied are you with the solution? (1–5)",
    nps: "How likely are you to recommend us to a friend? (0–10)", comment: "Comment (optional)",
    surveyThanks: "Thank you for answering!", surveyClosed: "This survey can no longer be answered.", other: "Eesti",
  },
};

export let locale = (localStorage.getItem("serviceloop.public.locale") || navigator.language || "et").startsWith("et") ? "et" : "en";
export const t = (key) => TEXT[locale][key] ?? key;
export function switchLocale() {
  locale = locale === "et" ? "en" : "et";
  localStorage.setItem("serviceloop.public.locale", locale);
}

export async function gql(query, variables) {
  const response = await fetch("/graphql", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors?.length) {
    const error = new Error(body.errors[0].message);
    error.code = body.errors[0].extensions?.code;
    throw error;
  }
  return body.data;
}
