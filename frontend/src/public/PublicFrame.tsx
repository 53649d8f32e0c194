// The frame of the customer pages: the organisation's own header (name, logo, colour; ours never shows), a language
// switch, and the page's one <h1>. Branding comes from the organisation's settings (organisationBrand); its colour
// becomes the buttons' only where white text stays readable on it (WCAG contrast 4.5:1), else it marks the header.
import { useEffect, type CSSProperties, type ReactNode } from "react";
import { OrganisationBrand } from "../graphql/documents";
import { useQuery } from "../lib/hooks";
import { LOCALES, useI18n, type Locale } from "../lib/i18n";
import { messages } from "./messages";
import "./public.css";

/** How an organisation shows itself on the customer pages (all optional: a missing piece is simply left out). */
export type Branding = { name?: string | null; logoUrl?: string | null; colour?: string | null };

const LANGUAGE_NAMES: Record<Locale, string> = { et: "Eesti", en: "English" };

/** WCAG contrast of white text on a #rrggbb colour. */
export function contrastWithWhite(colour: string): number {
  const channel = (hex: string) => {
    const value = parseInt(hex, 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = [colour.slice(1, 3), colour.slice(3, 5), colour.slice(5, 7)].map(channel);
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

function brandStyle(colour: string | null | undefined): CSSProperties | undefined {
  if (!colour || !/^#[0-9a-fA-F]{6}$/.test(colour)) return undefined;
  const style: Record<string, string> = { "--org-colour": colour };
  if (contrastWithWhite(colour) >= 4.5) Object.assign(style, { "--brand": colour, "--brand-strong": colour });
  return style as CSSProperties;
}

export function PublicFrame({ title, branding: given, children }: { title: string; branding?: Branding; children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  const brand = useQuery(OrganisationBrand, undefined, { skip: Boolean(given) });
  const branding = given ?? brand.data?.organisationBrand;
  useEffect(() => {
    document.title = branding?.name ? `${title} · ${branding.name}` : title;
  }, [title, branding?.name]);
  const style = brandStyle(branding?.colour);
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
