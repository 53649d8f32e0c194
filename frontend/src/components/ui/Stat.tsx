import type { ReactNode } from "react";
import "./stat.css";

/** A figure on a card: what it is (h3), its value, and notes under it; `wide` spans the whole row of a StatGrid. */
export function Stat({ title, value, testId, wide, children }: {
  title: string; value?: ReactNode; testId?: string; wide?: boolean; children?: ReactNode;
}) {
  return (
    <div className={`card stat${wide ? " stat-wide" : ""}`}>
      <h3>{title}</h3>
      {value !== undefined && <p className="stat-value" data-testid={testId}>{value}</p>}
      {children}
    </div>
  );
}

/** Stat cards side by side where they fit (one column on a phone). */
export function StatGrid({ label, labelId, children }: { label: string; labelId: string; children: ReactNode }) {
  return (
    <section aria-labelledby={labelId} className="stat-grid">
      <h2 id={labelId} className="visually-hidden">{label}</h2>
      {children}
    </section>
  );
}
