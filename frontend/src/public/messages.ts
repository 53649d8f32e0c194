// The customer pages' words (the feedback form and the survey). Customers are addressed formally in Estonian ("Teie").
import { defineMessages } from "../lib/i18n";
import type { ComplaintCategory } from "../graphql/types";

// What a customer may pick when they complain, in the order the form lists them: our categories
// (services/feedback/intake/categories.py: PUBLIC_CATEGORIES, same order), worded in the customer's own terms below.
export const WHAT_WENT_WRONG = [
  "SLOW_RESPONSE", "RUDE_TONE", "DIDNT_KNOW_ANSWER", "PASSED_AROUND", "PRODUCT_UNAVAILABLE", "DEFECTIVE_PRODUCT",
  "LATE_DELIVERY", "WRONG_INFORMATION", "PRICE_OR_DISCOUNT", "OTHER",
] as const satisfies readonly ComplaintCategory[];

export const whatWentWrongWords = defineMessages({
  SLOW_RESPONSE: { et: "Pidin liiga kaua ootama", en: "I waited too long" },
  RUDE_TONE: { et: "Minuga räägiti ebaviisakalt", en: "I was spoken to rudely" },
  DIDNT_KNOW_ANSWER: { et: "Mu küsimusele ei osatud vastata", en: "Nobody could answer my question" },
  PASSED_AROUND: { et: "Mind suunati ühelt inimeselt teisele", en: "I was sent from one person to another" },
  PRODUCT_UNAVAILABLE: { et: "Soovitud toodet polnud saada", en: "What I wanted was not available" },
  DEFECTIVE_PRODUCT: { et: "Toode oli vigane", en: "The product was faulty" },
  LATE_DELIVERY: { et: "Tellimus jõudis hilja", en: "My order came late" },
  WRONG_INFORMATION: { et: "Mulle anti vale teavet", en: "I was told something wrong" },
  PRICE_OR_DISCOUNT: { et: "Hinna või soodustusega oli viga", en: "The price or discount was wrong" },
  OTHER: { et: "Midagi muud", en: "Something else" },
});

export const messages = defineMessages({
  language: { et: "Keel", en: "Language" },
  feedbackTitle: { et: "Teie tagasiside", en: "Your feedback" },
  aboutPerson: { et: "Teid teenindas {name} ({jobTitle})", en: "You were served by {name} ({jobTitle})" },
  aboutPlace: { et: "Asukoht: {location}", en: "Location: {location}" },
  kind: { et: "Mida soovite öelda?", en: "What would you like to tell us?" },
  PRAISE: { et: "Kiitus", en: "Praise" },
  COMPLAINT: { et: "Kaebus", en: "Complaint" },
  SUGGESTION: { et: "Ettepanek", en: "Idea" },
  rating: { et: "Kuidas meil läks?", en: "How did we do?" },
  ratingLow: { et: "1 – halvasti", en: "1 – poorly" },
  ratingHigh: { et: "5 – väga hästi", en: "5 – very well" },
  whatWentWrong: { et: "Mis läks valesti?", en: "What went wrong?" },
  comment: { et: "Kirjutage meile (soovi korral)", en: "Tell us more (optional)" },
  commentHint: { et: "Kuni 2000 märki.", en: "Up to 2,000 characters." },
  contact: { et: "Soovin, et minuga võetaks ühendust", en: "I would like you to contact me" },
  name: { et: "Nimi", en: "Name" },
  email: { et: "E-post", en: "E-mail" },
  phone: { et: "Telefon", en: "Phone" },
  consent: { et: "Võite minuga selle tagasiside asjus ühendust võtta", en: "You may contact me about this feedback" },
  contactHint: {
    et: "Kaebuse lahendamise järel saadame e-postile ka lühikese küsitluse.",
    en: "Once a complaint is sorted out, we also e-mail you a short survey.",
  },
  privacyTitle: { et: "Mida me hoiame", en: "What we keep" },
  privacy: {
    et: "Hoiame Teie sõnumit ja hinnet, et oma tööd paremaks teha. Nime, e-posti ja telefoni ainult siis, kui need ise annate, eraldi sõnumist; neid näeb vaid see, kes Teie asja lahendab, ja me kustutame need hiljemalt kahe aasta pärast või varem, kui palute.",
    en: "We keep your message and rating to get better at our work. Your name, e-mail and phone only if you give them, apart from the message; only the person handling your case sees them, and we delete them after two years at the latest, or sooner if you ask.",
  },
  send: { et: "Saada", en: "Send" },
  sending: { et: "Saadan…", en: "Sending…" },
  needKind: { et: "Valige, kas see on kiitus, kaebus või ettepanek.", en: "Choose whether this is praise, a complaint or an idea." },
  needSomething: { et: "Andke hinne või kirjutage paar sõna.", en: "Give a rating or write a few words." },
  thanksTitle: { et: "Aitäh!", en: "Thank you!" },
  thanks: { et: "Teie tagasiside jõudis meieni.", en: "Your feedback reached us." },
  thanksComplaint: {
    et: "Kaebuse võtab üles inimene, kes selle eest vastutab.",
    en: "Someone responsible will take up your complaint.",
  },
  thanksContact: { et: "Võtame Teiega ühendust antud kontakti kaudu.", en: "We will get in touch using the contact you left." },
  reference: { et: "Viitenumber: {reference}", en: "Reference number: {reference}" },
  another: { et: "Saada veel üks", en: "Send another" },
  unknownCode: { et: "Seda tagasiside linki ei leitud", en: "We could not find this feedback link" },
  unknownCodeHelp: {
    et: "Kontrollige, et kood oleks täpselt sama, mis sildil, või skannige QR-kood uuesti.",
    en: "Check that the code is exactly as printed, or scan the QR code again.",
  },
  surveyTitle: { et: "Kuidas Teie mure lahendati?", en: "How was your issue handled?" },
  surveyIntro: {
    et: "Kaks küsimust ja soovi korral paar sõna. Vastata saab kuni {date}.",
    en: "Two questions and a few words if you like. You can answer until {date}.",
  },
  csat: { et: "Kui rahul olete lahendusega?", en: "How satisfied are you with the solution?" },
  csatLow: { et: "1 – üldse mitte", en: "1 – not at all" },
  csatHigh: { et: "5 – väga rahul", en: "5 – very satisfied" },
  nps: { et: "Kui tõenäoliselt soovitaksite meid sõbrale?", en: "How likely are you to recommend us to a friend?" },
  npsLow: { et: "0 – kindlasti mitte", en: "0 – not at all likely" },
  npsHigh: { et: "10 – kindlasti", en: "10 – extremely likely" },
  surveyComment: { et: "Kommentaar (soovi korral)", en: "Comment (optional)" },
  needBoth: { et: "Vastake mõlemale küsimusele.", en: "Please answer both questions." },
  surveyThanksTitle: { et: "Aitäh vastamast!", en: "Thank you for answering!" },
  surveyThanks: { et: "Teie vastus aitab meil paremini teenindada.", en: "Your answer helps us serve you better." },
  surveyAnswered: { et: "Sellele küsitlusele on juba vastatud", en: "This survey has already been answered" },
  surveyAnsweredHelp: { et: "Aitäh! Teist vastust pole vaja.", en: "Thank you! There is no need to answer again." },
  surveyExpired: { et: "Küsitluse vastamise aeg on läbi", en: "The time to answer this survey is over" },
  surveyExpiredHelp: { et: "Küsitlusele sai vastata 28 päeva.", en: "The survey could be answered for 28 days." },
  surveyWithdrawn: { et: "Seda küsitlust enam ei ole", en: "This survey is no longer open" },
  surveyWithdrawnHelp: {
    et: "Teie mure võeti uuesti käsile; kui see on lahendatud, saate uue küsitluse.",
    en: "Your issue was taken up again; once it is sorted out, you will get a new survey.",
  },
  surveyUnknown: { et: "Seda küsitlust ei leitud", en: "We could not find this survey" },
  surveyUnknownHelp: {
    et: "Avage link otse e-kirjast; kui see ei aita, kopeerige kogu link.",
    en: "Open the link straight from the e-mail; if that does not help, copy the whole link.",
  },
});
