// The frame of the customer pages: the organisation's own header (name, logo, colour; ours never shows), a language
// switch, and the page's one <h1>. Branding comes from the organisation's settings once the API serves it; until then
// the header is plain and the pages use the neutral palette.
import { useEffect, type CSSProperties, type ReactNode } from "react";
import { LOCALES, useI18n, type Locale } from "../lib/i18n";
import { messages } from "./messages";
import "./public.css";

/** How an organisation shows itself on the customer pages (all optional: a missing piece is simply left out). */
export type Branding = { name?: string | null; logoUrl?: string | null; colour?: string | null };

const LANGUAGE_NAMES: Record<Locale, string> = { et: "Eesti", en: "English" };

export function PublicFrame({ title, branding, children }: { title: string; branding?: Branding; children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  useEffect(() => {
    document.title = branding?.name ? `${title} · ${branding.name}` : title;
  }, [title, branding?.name]);
  const style = branding?.colour ? ({ "--org-colour": branding.colour, "--brand": branding.colour, "--brand-strong": branding.colour } as CSSProperties) : undefined;
  return (
    <div className="public" style={style}>
      <header className="public-header">
        <div className="public-org">
          {branding?.logoUrl && <img className="public-logo" src={branding.logoUrl} alt={branding.name ?? ""} />}
          {branding?.name && !branding.logoUrl && <span className="public-org-name">{branding.name}</span>}
        </div>
        <div className="public-language" role="group" aria-label={t(messages.language)}>
          {LOCALES.map((option) => (
            <button key={option} type="button" lang={option} aria-pressed={option === locale} onClick={() => setLocale(option)}>
              {LANGUAGE_NAMES[option]}
            </button>
          ))}
        </div>
      </header>
      <main id="main" className="public-main">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}

/** A state with nothing to fill in (unknown code, answered survey...): a heading and a sentence of help. */
export function PublicNotice({ title, help, branding, children }: { title: string; help: string; branding?: Branding; children?: ReactNode }) {
  return (
    <PublicFrame title={title} branding={branding}>
      <p className="public-lead">{help}</p>
      {children}
    </PublicFrame>
  );
}
