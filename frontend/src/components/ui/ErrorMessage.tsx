import { errorText, isRetryable } from "../../lib/errors";
import { defineMessages, useI18n } from "../../lib/i18n";
import { NetworkError } from "../../lib/api";
import { Button } from "./Button";

const messages = defineMessages({ retry: { et: "Proovi uuesti", en: "Try again" } });

/** An error in the user's language, with a retry when trying again can help. Renders nothing without an error. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, locale } = useI18n();
  if (!error) return null;
  return (
    <div className="error-message" role="alert">
      <p>{errorText(error, locale)}</p>
      {onRetry && (isRetryable(error) || error instanceof NetworkError) && (
        <Button variant="secondary" onPress={onRetry}>{t(messages.retry)}</Button>
      )}
    </div>
  );
}
