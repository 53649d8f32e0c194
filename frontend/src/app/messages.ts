import { defineMessages } from "../lib/i18n";

export const messages = defineMessages({
  skip: { et: "Mine sisu juurde", en: "Skip to content" },
  nav: { et: "Peamenüü", en: "Main menu" },
  today: { et: "Täna", en: "Today" },
  progress: { et: "Minu areng", en: "My progress" },
  recognition: { et: "Tunnustus", en: "Recognition" },
  complaints: { et: "Kaebused", en: "Complaints" },
  team: { et: "Meeskond", en: "Team" },
  people: { et: "Personal", en: "People" },
  settings: { et: "Seaded", en: "Settings" },
  signOut: { et: "Logi välja", en: "Sign out" },
  language: { et: "Keel", en: "Language" },
  offline: { et: "Võrguühendus puudub: vastused salvestatakse ja saadetakse, kui ühendus taastub.", en: "You are offline: your answers are kept and sent when the connection is back." },
  queued: { et: { one: "{count} muudatus ootab saatmist", other: "{count} muudatust ootab saatmist" }, en: { one: "{count} change waiting to be sent", other: "{count} changes waiting to be sent" } },
  notFound: { et: "Seda lehte ei ole.", en: "This page does not exist." },
});
