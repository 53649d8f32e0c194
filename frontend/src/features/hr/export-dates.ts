// The export form speaks in days a person picks (both included); the API takes [from, to) with `to` excluded.

/** YYYY-MM-DD of a local date. */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The day after a YYYY-MM-DD day (the API's excluded end). */
export function dayAfter(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return isoDay(new Date(y, m - 1, d + 1));
}

/** The day before a YYYY-MM-DD day (an export's excluded end shown as the last day included). */
export function dayBefore(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return isoDay(new Date(y, m - 1, d - 1));
}

/** This month so far: its first day to today. */
export function thisMonth(today = new Date()): { from: string; to: string } {
  return { from: isoDay(new Date(today.getFullYear(), today.getMonth(), 1)), to: isoDay(today) };
}
