// The countdown to a complaint's response targets (acknowledge by, resolve by): how long is left or how late it is,
// in the user's language with Intl.RelativeTimeFormat, and how often the screen needs to tick to stay right.
import { useEffect, useState } from "react";
import type { Locale } from "../../lib/i18n";

const INTL_TAG: Record<Locale, string> = { et: "et-EE", en: "en-GB" };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type TargetState =
  | { kind: "none" }
  | { kind: "due"; left: number; dueAt: Date }
  | { kind: "overdue"; late: number; dueAt: Date }
  | { kind: "met"; at: Date; dueAt: Date | null }
  | { kind: "missed"; at: Date; dueAt: Date };

/** Where one target stands at `now`: not set, running (time left), overdue (time late), or done in time / late. */
export function targetState(dueAt: string | null, doneAt: string | null, now: number): TargetState {
  const due = dueAt ? new Date(dueAt) : null;
  if (doneAt) {
    const at = new Date(doneAt);
    return due && at.getTime() > due.getTime() ? { kind: "missed", at, dueAt: due } : { kind: "met", at, dueAt: due };
  }
  if (!due) return { kind: "none" };
  const left = due.getTime() - now;
  return left >= 0 ? { kind: "due", left, dueAt: due } : { kind: "overdue", late: -left, dueAt: due };
}

/** "in 42 minutes" / "42 minuti pärast", "3 hours ago" / "3 tunni eest": seconds under a minute, minutes under
 * 90, hours under 36, then days (so "in 1 hour" never hides 89 minutes). */
export function relativeTime(milliseconds: number, locale: Locale): string {
  const rtf = new Intl.RelativeTimeFormat(INTL_TAG[locale], { numeric: "always" });
  const abs = Math.abs(milliseconds);
  const sign = milliseconds < 0 ? -1 : 1;
  if (abs < MINUTE) return rtf.format(sign * Math.round(abs / 1000), "second");
  if (abs < 90 * MINUTE) return rtf.format(sign * Math.round(abs / MINUTE), "minute");
  if (abs < 36 * HOUR) return rtf.format(sign * Math.round(abs / HOUR), "hour");
  return rtf.format(sign * Math.round(abs / DAY), "day");
}

/** How often a countdown this far from its target must redraw: every second in the last two minutes, else every 15 s. */
export function tickFor(milliseconds: number): number {
  return Math.abs(milliseconds) < 2 * MINUTE ? 1000 : 15_000;
}

/** The current time, redrawn as often as the nearest of `targets` needs (targets: instants in ms, or nothing). */
export function useNow(targets: (number | null)[]): number {
  const [now, setNow] = useState(() => Date.now());
  const nearest = Math.min(...targets.filter((t): t is number => t !== null).map((t) => Math.abs(t - now)), Infinity);
  const every = nearest === Infinity ? 60_000 : tickFor(nearest);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [every]);
  return now;
}

type Deadlines = { status?: string | null; acknowledgeDueAt?: string | null; resolveDueAt?: string | null };

/** The open target a complaint is waiting on: acknowledging while RECEIVED, resolving while ACKNOWLEDGED. */
export function nextDue(item: Deadlines): { target: "acknowledge" | "resolve"; due: string | null } | null {
  if (item.status === "RECEIVED") return { target: "acknowledge", due: item.acknowledgeDueAt ?? null };
  if (item.status === "ACKNOWLEDGED") return { target: "resolve", due: item.resolveDueAt ?? null };
  return null;
}

/** Open complaints, the nearest (or most overdue) deadline first; those without one last, in the order given. */
export function byNearestDeadline<T extends Deadlines>(items: readonly T[]): T[] {
  const at = (item: T) => {
    const due = nextDue(item)?.due;
    return due ? Date.parse(due) : Number.POSITIVE_INFINITY;
  };
  return items.map((item, index) => ({ item, index, at: at(item) }))
    .sort((a, b) => (a.at === b.at ? a.index - b.index : a.at < b.at ? -1 : 1))
    .map(({ item }) => item);
}
