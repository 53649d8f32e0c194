// The team charts' arithmetic, kept apart from React so it is unit-tested (tests/unit/team-figures.test.ts).

/** A local calendar day as YYYY-MM-DD, `days` after `from` (default now). */
export function localDay(days = 0, from: Date = new Date()): string {
  const date = new Date(from);
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The last `count` local days, oldest first, today last. */
export function lastDays(count: number, today: Date = new Date()): string[] {
  return Array.from({ length: count }, (_, index) => localDay(index - count + 1, today));
}

/** Completed sessions per day (a retake counts again, as the API's tallies do); days outside are ignored. */
export function completionsPerDay(histories: { localDate: string }[][], days: string[]): { day: string; completed: number }[] {
  const counts = new Map(days.map((day) => [day, 0]));
  for (const history of histories) {
    for (const entry of history) {
      const seen = counts.get(entry.localDate);
      if (seen !== undefined) counts.set(entry.localDate, seen + 1);
    }
  }
  return days.map((day) => ({ day, completed: counts.get(day) ?? 0 }));
}

/** `weeks` + 1 instants (ISO): windows of 7 days back from the end of today, local time, oldest first. */
export function weekBounds(weeks: number, now: Date = new Date()): string[] {
  const end = new Date(now);
  end.setHours(24, 0, 0, 0);
  return Array.from({ length: weeks + 1 }, (_, index) => {
    const bound = new Date(end);
    bound.setDate(end.getDate() - 7 * (weeks - index));
    return bound.toISOString();
  });
}
