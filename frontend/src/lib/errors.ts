// Every `extensions.code` the services can send, in both languages (error-messages.json; tests/test_frontend_build.py
// fails when the services gain a code this file does not translate). A network failure has its own message.
import { ApiError, NetworkError } from "./api";
import type { Locale } from "./i18n";
import messages from "./error-messages.json";

type Texts = { et: string; en: string };
const table = messages as Record<string, Texts>;

export function errorText(error: unknown, locale: Locale): string {
  if (error instanceof NetworkError) return table.NETWORK[locale];
  if (error instanceof ApiError) return (table[error.code] ?? table.INTERNAL_SERVER_ERROR)[locale];
  return table.INTERNAL_SERVER_ERROR[locale];
}

export function isRetryable(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof ApiError && ["RATE_LIMITED", "INTERNAL_SERVER_ERROR"].includes(error.code));
}
