// Estonian and English, with plurals and dates/numbers from Intl. Every string a user sees is a Message in a
// messages.ts file beside its screen (see src/features/*/messages.ts); nothing shows a literal.
import { createContext, createElement, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

export type Locale = "et" | "en";
export const LOCALES: readonly Locale[] = ["et", "en"];
const INTL_TAG: Record<Locale, string> = { et: "et-EE", en: "en-GB" };
const LOCALE_KEY = "serviceloop.locale";

/** Plural forms by Intl.PluralRules category; `other` is required ({count} is replaced by the number). */
export type PluralForms = { one?: string; other: string };
export type Message = { et: string; en: string } | { et: PluralForms; en: PluralForms };
export type Params = Record<string, string | number>;

/** Identity with a type check: a file of messages, each with both languages. */
export function defineMessages<T extends Record<string, Message>>(messages: T): T {
  return messages;
}

export function formatMessage(message: Message, locale: Locale, params: Params = {}): string {
  const text = message[locale];
  let template: string;
  if (typeof text === "string") {
    template = text;
  } else {
    const count = Number(params.count ?? 0);
    const category = new Intl.PluralRules(INTL_TAG[locale]).select(count) as keyof PluralForms;
    template = text[category] ?? text.other;
  }
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(value, locale) : value;
  });
}

export function formatNumber(value: number, locale: Locale, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(INTL_TAG[locale], options).format(value);
}

/** "8. detsember 2026" / "8 December 2026"; a YYYY-MM-DD date is a calendar day (no time zone shift). */
export function formatDate(value: string | Date, locale: Locale, options?: Intl.DateTimeFormatOptions): string {
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  return new Intl.DateTimeFormat(INTL_TAG[locale], options ?? { day: "numeric", month: "long", year: "numeric" }).format(date);
}

export function formatDateTime(value: string | Date, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_TAG[locale], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })
    .format(new Date(value));
}

/** "in 3 hours" / "3 tunni pärast", "2 minutes ago" / "2 minuti eest". */
export function formatRelative(milliseconds: number, locale: Locale): string {
  const rtf = new Intl.RelativeTimeFormat(INTL_TAG[locale], { numeric: "auto" });
  const seconds = Math.round(milliseconds / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, "second");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  return rtf.format(Math.round(seconds / 86400), "day");
}

/** The language to start in: the one chosen here before, else the browser's (Estonian for et-*), else English. */
export function initialLocale(): Locale {
  const stored = typeof localStorage !== "undefined" ? localStorage.getItem(LOCALE_KEY) : null;
  if (stored === "et" || stored === "en") return stored;
  const languages = typeof navigator !== "undefined" ? navigator.languages ?? [navigator.language] : [];
  return languages.some((language) => language?.toLowerCase().startsWith("et")) ? "et" : "en";
}

type I18n = {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (message: Message, params?: Params) => string;
  date: (value: string | Date, options?: Intl.DateTimeFormatOptions) => string;
  dateTime: (value: string | Date) => string;
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
};

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(fixed ?? initialLocale());
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(LOCALE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = locale;
    return {
      locale,
      setLocale,
      t: (message, params) => formatMessage(message, locale, params),
      date: (value, options) => formatDate(value, locale, options),
      dateTime: (value) => formatDateTime(value, locale),
      number: (value, options) => formatNumber(value, locale, options),
    };
  }, [locale, setLocale]);
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

/** The API's Locale enum value for a UI language. */
export const apiLocale = (locale: Locale): "ET" | "EN" => (locale === "et" ? "ET" : "EN");
