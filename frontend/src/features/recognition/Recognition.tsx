import { Page } from "../../components/ui/Page";
import { defineMessages, useI18n } from "../../lib/i18n";

const messages = defineMessages({ title: { et: "Recognition", en: "Recognition" } });

// Placeholder: this screen is being built (issue 10).
export default function Recognition() {
  const { t } = useI18n();
  return <Page title={t(messages.title)}><p /></Page>;
}
