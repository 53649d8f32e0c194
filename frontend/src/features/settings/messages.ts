import { defineMessages } from "../../lib/i18n";

export const messages = defineMessages({
  title: { et: "Seaded", en: "Settings" },
  reminderHeading: { et: "Igapäevane meeldetuletus", en: "Daily reminder" },
  reminderIntro: {
    et: "Tuletame sulle tänast tundi meelde sinu valitud kellaajal, kui sa pole seda veel teinud. Kõige rohkem üks kord päevas ja ainult tööpäevadel.",
    en: "We remind you of today's lesson at the time you choose, if you have not done it yet. At most once a day, and only on your working days.",
  },
  enabled: { et: "Tuleta mulle meelde", en: "Remind me" },
  time: { et: "Kellaaeg", en: "Time" },
  timeZone: { et: "Sinu ajavööndis ({zone})", en: "In your time zone ({zone})" },
  save: { et: "Salvesta", en: "Save" },
  saved: { et: "Salvestatud.", en: "Saved." },
  devices: { et: { one: "Teated on lubatud {count} seadmes.", other: "Teated on lubatud {count} seadmes." }, en: { one: "Notifications are on for {count} device.", other: "Notifications are on for {count} devices." } },
  viaEmail: { et: "Meeldetuletus tuleb e-kirjaga. Luba teated, et see tuleks otse telefoni.", en: "The reminder comes by e-mail. Allow notifications to get it on your phone instead." },
  enablePush: { et: "Luba teated selles seadmes", en: "Allow notifications on this device" },
  disablePush: { et: "Lõpeta teated selles seadmes", en: "Stop notifications on this device" },
  pushRefused: { et: "Brauser ei lubanud teateid. Meeldetuletus tuleb e-kirjaga.", en: "The browser did not allow notifications. The reminder comes by e-mail." },
  pushUnsupported: { et: "See brauser ei toeta teateid: meeldetuletus tuleb e-kirjaga.", en: "This browser does not support notifications: the reminder comes by e-mail." },
  lastSent: { et: "Viimati meelde tuletatud {date}.", en: "Last reminded on {date}." },
});
