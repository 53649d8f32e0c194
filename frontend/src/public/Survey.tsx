// Placeholder until the survey page lands (issue 10).
import { defineMessages, useI18n } from "../lib/i18n";

const messages = defineMessages({ title: { et: "Küsitlus", en: "Survey" } });

export function Survey({ token }: { token: string }) {
  const { t } = useI18n();
  return <main id="main"><h1 data-token={token ? "yes" : "no"}>{t(messages.title)}</h1></main>;
}
