import { defineMessages, useI18n } from "../../lib/i18n";

const messages = defineMessages({ loading: { et: "Laadin…", en: "Loading…" } });

export function Loading() {
  const { t } = useI18n();
  return <p className="loading" role="status" aria-live="polite">{t(messages.loading)}</p>;
}
