// The streak calendar's days and the weekly lesson figures, from what Employee.progress gives: the days with a
// completed lesson (lessonHistory), the working days and the streak. The API keeps no per-day record of freezes, so
// a day is shown as kept by a freeze when it is a working day without a lesson inside the current streak (the streak
// survived it, so a freeze paid for it: progress/streaks.py). Past days are judged by today's working days (the API
// gives no past schedules). Days before the first lesson ever are not counted against anyone.

export type Weekday = "MON" | "TUE" | "WED" | "THU" | "FRI" | "SAT" | "SUN";
export const WEEKDAYS: readonly Weekday[] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

export type DayState = "done" | "freeze" | "missed" | "off" | "today" | "future" | "before";
export type CalendarDay = { date: string; state: DayState; lessons: number; isToday: boolean };

const DAY_MS = 86_400_000;

/** "2026-12-08" -> days since the epoch (a calendar day, no time zone). */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday index 0 (Monday) .. 6 (Sunday) of a calendar day. */
export function weekdayIndex(day: number): number {
  return (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function localToday(timeZone: string, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  }
}

/** Weeks (Monday first) ending with the current one: each day's state for the calendar. */
export function streakCalendar(options: {
  today: string;
  weeks: number;
  lessonDays: readonly string[];
  workDays: readonly Weekday[];
  streak: number;
  /** The day of the first lesson ever, when the whole history is known: days before it were never due. */
  since: string | null;
}): CalendarDay[][] {
  const today = dayNumber(options.today);
  const counts = new Map<number, number>();
  for (const date of options.lessonDays) {
    const day = dayNumber(date);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const working = new Set(options.workDays.map((weekday) => WEEKDAYS.indexOf(weekday)));
  // The current streak covers its `streak` most recent learning days; the working days between them were frozen.
  const learned = [...counts.keys()].filter((day) => day <= today).sort((a, b) => b - a);
  const runStart = options.streak > 0 && learned.length > 0 ? learned[Math.min(options.streak, learned.length) - 1] : null;
  const since = options.since === null ? null : dayNumber(options.since);
  const first = today - weekdayIndex(today) - (options.weeks - 1) * 7;
  const weeks: CalendarDay[][] = [];
  for (let week = 0; week < options.weeks; week++) {
    const days: CalendarDay[] = [];
    for (let index = 0; index < 7; index++) {
      const day = first + week * 7 + index;
      const lessons = counts.get(day) ?? 0;
      let state: DayState;
      if (day > today) state = "future";
      else if (lessons > 0) state = "done";
      else if (day === today) state = working.has(index) ? "today" : "off";
      else if (since !== null && day < since) state = "before";
      else if (!working.has(index)) state = "off";
      else if (runStart !== null && day > runStart) state = "freeze";
      else state = "missed";
      days.push({ date: dateOf(day), state, lessons, isToday: day === today });
    }
    weeks.push(days);
  }
  return weeks;
}

export type WeekFigures = { weekStart: string; lessons: number; passed: number; meanScore: number | null };

/** Lessons completed and their mean score per week (Monday first), the last `weeks` weeks, oldest first. */
export function weeklyFigures(
  history: readonly { localDate: string; score: number; passed: boolean }[],
  today: string,
  weeks: number,
): WeekFigures[] {
  const current = dayNumber(today) - weekdayIndex(dayNumber(today));
  const figures = Array.from({ length: weeks }, (_, index) => ({
    weekStart: dateOf(current - (weeks - 1 - index) * 7), lessons: 0, passed: 0, scores: 0,
  }));
  for (const entry of history) {
    const day = dayNumber(entry.localDate);
    const index = weeks - 1 - Math.floor((current - (day - weekdayIndex(day))) / 7);
    if (index < 0 || index >= weeks) continue;
    figures[index].lessons += 1;
    figures[index].passed += entry.passed ? 1 : 0;
    figures[index].scores += entry.score;
  }
  return figures.map(({ weekStart, lessons, passed, scores }) => ({
    weekStart, lessons, passed, meanScore: lessons ? scores / lessons : null,
  }));
}
