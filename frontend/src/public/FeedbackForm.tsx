// Placeholder until the customer form lands (issue 10).
import { defineMessages, useI18n } from "../lib/i18n";

const messages = defineMessages({ title: { et: "Tagasiside", en: "Feedback" } });

export function FeedbackForm({ code }: { code: string }) {
  const { t } = useI18n();
  return <main id="main"><h1 data-code={code}>{t(messages.title)}</h1></main>;
}
