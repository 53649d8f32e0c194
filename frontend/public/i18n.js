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
    whatWentWrong: "Mis läks valesti? (vabatahtlik)", notSaying: "Ei oska öelda",
    SLOW_RESPONSE: "Pidin liiga kaua ootama", RUDE_TONE: "Minuga räägiti ebaviisakalt",
    DIDNT_KNOW_ANSWER: "Mu küsimusele ei osatud vastata", PASSED_AROUND: "Mind suunati ühelt inimeselt teisele",
    PRODUCT_UNAVAILABLE: "Soovitud toodet polnud saada", DEFECTIVE_PRODUCT: "Toode oli vigane",
    LATE_DELIVERY: "Tellimus jõudis hilja", WRONG_INFORMATION: "Mulle anti vale teavet",
    PRICE_OR_DISCOUNT: "Hinna või soodustusega oli viga", OTHER: "Midagi muud",
  },
  en: {
    title: "Your feedback", kind: "Type", about: "Feedback for", at: "Location", praise: "Praise", complaint: "Complaint",
    suggestion: "Suggestion", rating: "Rating (1–5)", message: "Your message", contactTitle: "Contact (optional)",
    name: "Name", email: "E-mail", phone: "Phone", consent: "You may contact me about this feedback",
    send: "Send", thanks: "Thank you! Your feedback reached us.", badCode: "This code was not found.",
    surveyTitle: "How did we do?", csat: "How satisfied are you with the solution? (1–5)",
    nps: "How likely are you to recommend us to a friend? (0–10)", comment: "Comment (optional)",
    surveyThanks: "Thank you for answering!", surveyClosed: "This survey can no longer be answered.", other: "Eesti",
    whatWentWrong: "What went wrong? (optional)", notSaying: "I'd rather not say",
    SLOW_RESPONSE: "I waited too long", RUDE_TONE: "I was spoken to rudely",
    DIDNT_KNOW_ANSWER: "Nobody could answer my question", PASSED_AROUND: "I was sent from one person to another",
    PRODUCT_UNAVAILABLE: "What I wanted was not available", DEFECTIVE_PRODUCT: "The product was faulty",
    LATE_DELIVERY: "My order came late", WRONG_INFORMATION: "I was told something wrong",
    PRICE_OR_DISCOUNT: "The price or discount was wrong", OTHER: "Something else",
  },
};

// What a customer may pick when they complain, in our categories (services/feedback/intake/categories.py:
// PUBLIC_CATEGORIES, same order); the words above are the customer's own.
export const WHAT_WENT_WRONG = [
  "SLOW_RESPONSE", "RUDE_TONE", "DIDNT_KNOW_ANSWER", "PASSED_AROUND", "PRODUCT_UNAVAILABLE", "DEFECTIVE_PRODUCT",
  "LATE_DELIVERY", "WRONG_INFORMATION", "PRICE_OR_DISCOUNT", "OTHER",
];

export let locale = (localStorage.getItem("serviceloop.public.locale") || navigator.language || "et").startsWith("et") ? "et" : "en";
export const t = (key) => TEXT[locale][key] ?? key;
export function switchLocale() {
  locale = locale === "et" ? "en" : "et";
  localStorage.setItem("serviceloop.public.locale", locale);
}

// Operations go as persisted-document ids (operations.js, generated from frontend/operations/public/).
export async function gql(documentId, variables) {
  const response = await fetch("/graphql", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ documentId, variables }),
  });
  const body = await response.json();
  if (body.errors?.length) {
    const error = new Error(body.errors[0].message);
    error.code = body.errors[0].extensions?.code;
    throw error;
  }
  return body.data;
}
