import { defineMessages } from "../../lib/i18n";

// A complaint's category in staff terms (the customer form words the same categories in the customer's own).
export const categoryNames = defineMessages({
  RUDE_TONE: { et: "Ebaviisakas toon", en: "Rude tone" },
  SLOW_RESPONSE: { et: "Aeglane teenindus", en: "Slow service" },
  DIDNT_KNOW_ANSWER: { et: "Vastust ei teatud", en: "Didn't know the answer" },
  PRODUCT_UNAVAILABLE: { et: "Toodet polnud saada", en: "Product unavailable" },
  PASSED_AROUND: { et: "Suunati ringi", en: "Passed around" },
  REQUEST_REFUSED: { et: "Soovist keelduti", en: "Request refused" },
  DEFECTIVE_PRODUCT: { et: "Vigane toode", en: "Faulty product" },
  LATE_DELIVERY: { et: "Hilinenud tarne", en: "Late delivery" },
  WRONG_INFORMATION: { et: "Vale teave", en: "Wrong information" },
  PRICE_OR_DISCOUNT: { et: "Viga hinnas või soodustuses", en: "Price or discount error" },
  OTHER: { et: "Muu", en: "Other" },
});

export const statusNames = defineMessages({
  RECEIVED: { et: "Uus", en: "New" },
  ACKNOWLEDGED: { et: "Töös", en: "In progress" },
  RESOLVED: { et: "Lahendatud", en: "Resolved" },
  CLOSED: { et: "Suletud", en: "Closed" },
});

export const channelNames = defineMessages({
  PHONE: { et: "Telefon", en: "Phone" },
  EMAIL: { et: "E-post", en: "E-mail" },
  FACEBOOK: { et: "Facebook", en: "Facebook" },
  SOCIAL_MEDIA: { et: "Sotsiaalmeedia", en: "Social media" },
  CHAT: { et: "Vestlus", en: "Chat" },
  WEB_REVIEW: { et: "Arvustus veebis", en: "Online review" },
  IN_PERSON: { et: "Kohapeal", en: "In person" },
  SURVEY: { et: "Küsitlus", en: "Survey" },
  PUBLIC_FORM: { et: "Tagasisidevorm", en: "Feedback form" },
});

export const actionNames = defineMessages({
  ACKNOWLEDGE: { et: "võttis enda peale", en: "took it on" },
  TRANSFER: { et: "andis edasi", en: "handed it over" },
  RESOLVE: { et: "märkis lahendatuks", en: "marked it resolved" },
  CLOSE: { et: "sulges", en: "closed it" },
  REOPEN: { et: "avas uuesti", en: "reopened it" },
  CATEGORISE: { et: "määras kategooria", en: "set the category" },
});

export const surveyStateNames = defineMessages({
  OPEN: { et: "Ootab vastust", en: "Waiting for an answer" },
  ANSWERED: { et: "Vastatud", en: "Answered" },
  WITHDRAWN: { et: "Tühistatud (kaebus avati uuesti)", en: "Withdrawn (the complaint was reopened)" },
  EXPIRED: { et: "Aegunud vastamata", en: "Expired unanswered" },
});

export const surveyDeliveryNames = defineMessages({
  EMAILED: { et: "Saadetud kliendi e-postile", en: "E-mailed to the customer" },
  IN_PERSON: { et: "Näidatud kohapeal", en: "Shown in person" },
  NOT_SENT: { et: "Saatmata: kliendil pole e-posti või nõusolekut", en: "Not sent: no e-mail or consent from the customer" },
});

// The inbox's views (Complaints.tsx viewFilter).
export const viewNames = defineMessages({
  MINE: { et: "Minu avatud", en: "My open" },
  ABOUT_ME: { et: "Minust", en: "About me" },
  ALL: { et: "Kõik, mida näen", en: "All I can see" },
});

export const messages = defineMessages({
  title: { et: "Kaebused", en: "Complaints" },
  filters: { et: "Millised kaebused", en: "Which complaints" },
  status: { et: "Olek", en: "Status" },
  allStatuses: { et: "Kõik", en: "All" },
  channel: { et: "Kanal", en: "Channel" },
  allChannels: { et: "Kõik kanalid", en: "All channels" },
  none: { et: "Siin pole ühtegi kaebust.", en: "No complaints here." },
  noneOpen: { et: "Uusi kaebusi pole. Hea töö!", en: "No new complaints. Well done!" },
  more: { et: "Näita veel", en: "Show more" },
  view: { et: "Vaade", en: "View" },
  noneMine: { et: "Sul pole ühtegi avatud kaebust.", en: "You have no open complaints." },
  mineHelp: {
    et: "Kaebused, mille sa oled enda peale võtnud ja mis pole veel lahendatud; lähim tähtaeg eespool.",
    en: "Complaints you have taken on that are not resolved yet; the nearest deadline first.",
  },
  searchTitle: { et: "Otsi viitenumbri järgi", en: "Find by reference" },
  searchLabel: { et: "Kliendi viitenumber", en: "The customer's reference" },
  searchHelp: { et: "Näiteks K7QM-4XPD; suur- või väiketähtedega, kriipsuga või ilma.", en: "For example K7QM-4XPD; any case, with or without the dash." },
  search: { et: "Otsi", en: "Find" },
  clearSearch: { et: "Tühista otsing", en: "Clear the search" },
  found: { et: "Viitenumbri {reference} kaebus", en: "Complaint with reference {reference}" },
  notFound: { et: "Viitenumbriga {reference} kaebust ei leitud (või pole see sulle nähtav).", en: "No complaint with reference {reference} (or you may not see it)." },
  uncategorised: { et: "Kategooria määramata", en: "No category yet" },
  noText: { et: "(klient ei kirjutanud midagi)", en: "(the customer wrote nothing)" },
  about: { et: "Kellest: {names}", en: "About: {names}" },
  aboutNobody: { et: "Kellest: kedagi ei nimetatud", en: "About: nobody named" },
  owner: { et: "Vastutab: {name}", en: "Handled by: {name}" },
  noOwner: { et: "Keegi pole veel enda peale võtnud", en: "Nobody has taken it on yet" },
  received: { et: "Saabus {date}", en: "Received {date}" },
  open: { et: "Ava kaebus", en: "Open complaint" },
  back: { et: "Kõik kaebused", en: "All complaints" },
  complaintTitle: { et: "Kaebus {date}", en: "Complaint of {date}" },

  targets: { et: "Tähtajad", en: "Targets" },
  acknowledge: { et: "Kinnitada", en: "Acknowledge" },
  resolve: { et: "Lahendada", en: "Resolve" },
  dueIn: { et: "{time}", en: "due {time}" },
  dueAt: { et: "(tähtaeg {date})", en: "(by {date})" },
  overdue: { et: "Tähtaeg ületatud", en: "Overdue" },
  overdueBy: { et: "tähtaeg oli {time}", en: "was due {time}" },
  met: { et: "Tehtud õigel ajal, {date}", en: "Done in time, {date}" },
  missed: { et: "Tehtud hilinemisega, {date}", en: "Done late, {date}" },
  done: { et: "Tehtud {date}", en: "Done {date}" },
  noTarget: { et: "tähtaega pole", en: "no target" },
  targetLength: { et: "siht: {time}", en: "target: {time}" },

  customerSaid: { et: "Kliendi sõnad", en: "What the customer said" },
  rating: { et: "Hinne: {rating} / 5", en: "Rating: {rating} / 5" },
  reference: { et: "Viitenumber: {reference}", en: "Reference: {reference}" },
  nothingToDo: { et: "Sinul pole selle kaebusega praegu midagi teha.", en: "There is nothing for you to do on this complaint now." },
  channelIs: { et: "Kanal: {channel}", en: "Channel: {channel}" },
  customer: { et: "Klient", en: "Customer" },
  consent: { et: "Lubas ühendust võtta", en: "Agreed to be contacted" },
  noConsent: { et: "Ühendust võtta ei lubanud", en: "Did not agree to be contacted" },
  erased: { et: "Kliendi andmed on kustutatud.", en: "The customer's data was erased." },

  actions: { et: "Mida teha", en: "What to do" },
  takeOn: { et: "Võtan enda peale", en: "I'll take it on" },
  takeOnHelp: { et: "Kinnitab kaebuse ja teeb sind vastutajaks.", en: "Acknowledges the complaint and makes you its owner." },
  markResolved: { et: "Märgi lahendatuks", en: "Mark resolved" },
  resolveHelp: { et: "Kui kliendil on e-post, saadame talle lühikese küsitluse.", en: "If the customer left an e-mail, we send them a short survey." },
  close: { et: "Sulge kaebus", en: "Close the complaint" },
  closeHelp: { et: "Sulge, kui klient on lahendusega rahul ja midagi pole enam teha.", en: "Close it once the customer is happy and nothing is left to do." },
  reopen: { et: "Ava uuesti", en: "Reopen" },
  reopenReason: { et: "Miks see uuesti avada?", en: "Why reopen it?" },
  reopenHelp: {
    et: "Kaebus läheb tagasi vastutajale; kliendi senine küsitlus tühistatakse ja uus tuleb pärast järgmist lahendust.",
    en: "It goes back to its owner; the customer's current survey is withdrawn and a new one follows the next resolution.",
  },
  reopenButton: { et: "Ava kaebus uuesti", en: "Reopen the complaint" },
  reopenNeedReason: { et: "Kirjuta, miks kaebus uuesti avatakse.", en: "Write why the complaint is reopened." },
  category: { et: "Kategooria", en: "Category" },
  chooseCategory: { et: "Vali kategooria", en: "Choose a category" },
  saveCategory: { et: "Salvesta kategooria", en: "Save category" },
  categoryHelp: { et: "Kategooria järgi määratakse asjaosalistele sobiv õppetund.", en: "The category assigns the people concerned a matching lesson." },
  categorySaved: { et: "Kategooria salvestatud.", en: "Category saved." },
  lessonAssigned: { et: "Kategooria salvestatud; asjaosalised said sobiva õppetunni.", en: "Category saved; the people concerned got a matching lesson." },
  reply: { et: "Vastus", en: "Reply" },
  replyLabel: { et: "Kirjuta vastus", en: "Write a reply" },
  replyHint: {
    et: "Vastus jääb siia kirja; kliendile seda ei saadeta. Kliendiga võta ühendust tema antud kontakti kaudu.",
    en: "The reply is kept here; it is not sent to the customer. Reach the customer through the contact they left.",
  },
  sendReply: { et: "Salvesta vastus", en: "Save reply" },
  replies: { et: "Vastused", en: "Replies" },
  replyBy: { et: "{name}, {date}", en: "{name}, {date}" },
  someone: { et: "Keegi", en: "Someone" },
  transfer: { et: "Anna edasi", en: "Hand over" },
  transferTo: { et: "Kellele", en: "To whom" },
  choosePerson: { et: "Vali inimene", en: "Choose a person" },
  transferReason: { et: "Põhjus", en: "Reason" },
  transferReasonHelp: { et: "Uus vastutaja näeb seda.", en: "The new owner sees this." },
  transferButton: { et: "Anna kaebus edasi", en: "Hand the complaint over" },
  transferNeedBoth: { et: "Vali inimene ja kirjuta põhjus.", en: "Choose a person and write a reason." },
  transferNobody: { et: "Kedagi, kellele edasi anda, ei leitud.", en: "Nobody to hand it over to was found." },
  transferred: { et: "Kaebus on antud edasi: {name}.", en: "The complaint was handed to {name}." },

  survey: { et: "Kliendi küsitlus", en: "Customer survey" },
  surveyNone: { et: "Küsitlus tekib, kui kaebus on lahendatud.", en: "The survey starts once the complaint is resolved." },
  surveyPending: { et: "Küsitlust valmistatakse ette…", en: "Preparing the survey…" },
  emailedAt: { et: "Saadetud {date}", en: "Sent {date}" },
  answeredAt: { et: "Vastatud {date}", en: "Answered {date}" },
  expiresAt: { et: "Vastata saab kuni {date}", en: "Open until {date}" },

  points: { et: "Sinu punktid selle kaebuse eest", en: "Your points for this complaint" },
  pointsNone: { et: "Selle kaebuse eest pole sul veel punkte.", en: "No points for this complaint yet." },
  pointsLine: { et: { one: "{count} punkt", other: "{count} punkti" }, en: { one: "{count} point", other: "{count} points" } },
  pendingHelp: {
    et: "Ootel punktid kinnituvad, kui klient tuleb tagasi, ostab uuesti või annab soovitusele 9–10 (90 päeva jooksul).",
    en: "Pending points are confirmed when the customer comes back, buys again or scores 9–10 (within 90 days).",
  },

  history: { et: "Ajalugu", en: "History" },
  historyLine: { et: "{actor} {action}", en: "{actor} {action}" },
  historyTo: { et: "→ {name}", en: "→ {name}" },
  historyReason: { et: "Põhjus: {reason}", en: "Reason: {reason}" },
});

// How a ledger line stands (LedgerEntry.state).
export const pointStateNames = defineMessages({
  PENDING: { et: "ootel", en: "pending" },
  CONFIRMED: { et: "kinnitatud", en: "confirmed" },
  REVERSED: { et: "tühistatud", en: "reversed" },
});
