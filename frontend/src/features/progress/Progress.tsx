import { Page } from "../../components/ui/Page";
import { defineMessages, useI18n } from "../../lib/i18n";

const messages = defineMessages({ title: { et: "Progress", en: "Progress" } });

// Placeholder: this screen is being built (issue 10).
export default function Progress() {
  const { t } = useI18n();
  return <Page title={t(messages.title)}><p /></Page>;
}
