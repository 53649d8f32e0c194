import { defineMessages } from "../../lib/i18n";

export const messages = defineMessages({
  title: { et: "Logi sisse", en: "Sign in" },
  intro: { et: "Sinu igapäevane 15 minutit paremat teenindust.", en: "Your daily 15 minutes of better service." },
  expired: { et: "Sinu sessioon lõppes. Logi uuesti sisse: pooleli töö jääb alles.", en: "Your session ended. Sign in again: your work in progress is kept." },
  email: { et: "E-post", en: "E-mail" },
  password: { et: "Parool", en: "Password" },
  submit: { et: "Logi sisse", en: "Sign in" },
  forgot: { et: "Unustasid parooli?", en: "Forgot your password?" },
  resetTitle: { et: "Parooli lähtestamine", en: "Reset your password" },
  resetIntro: { et: "Saadame sulle e-kirjaga lingi, millega saad uue parooli määrata.", en: "We will e-mail you a link to choose a new password." },
  resetSubmit: { et: "Saada link", en: "Send the link" },
  resetSent: { et: "Kui see aadress on meil olemas, saadeti sinna link. Vaata oma postkasti.", en: "If we know this address, a link is on its way. Check your inbox." },
  back: { et: "Tagasi sisselogimise juurde", en: "Back to sign in" },
  inviteTitle: { et: "Tere tulemast! Vali parool", en: "Welcome! Choose a password" },
  newPasswordTitle: { et: "Vali uus parool", en: "Choose a new password" },
  newPassword: { et: "Uus parool", en: "New password" },
  passwordHint: { et: "Vähemalt 12 märki. Pikk lause on hea parool.", en: "At least 12 characters. A long sentence makes a good password." },
  save: { et: "Salvesta ja jätka", en: "Save and continue" },
});
