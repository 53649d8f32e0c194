import { ApiError } from "../../lib/api";
import { useI18n, type Message } from "../../lib/i18n";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { messages } from "./messages";

const CODES = messages as unknown as Record<string, Message | undefined>;

/** An error of the HR screens: the codes they meet in our words, anything else as <ErrorMessage> shows it. */
export function HrError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const own = error instanceof ApiError ? CODES[`code.${error.code}`] : undefined;
  if (own) return <div className="error-message" role="alert"><p>{t(own)}</p></div>;
  return <ErrorMessage error={error} onRetry={onRetry} />;
}
