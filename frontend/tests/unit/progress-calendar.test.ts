import { describe, expect, it } from "vitest";
import { localToday, streakCalendar, weeklyFigures } from "../../src/features/progress/calendar";

const MON_FRI = ["MON", "TUE", "WED", "THU", "FRI"] as const;

describe("the streak calendar", () => {
  // Tuesday 8 December 2026; learned Wed 2, Fri 4, Mon 7 (Thu 3 missed but inside the streak of 3: a freeze)
  const weeks = streakCalendar({
    today: "2026-12-08", weeks: 2, lessonDays: ["2026-12-02", "2026-12-04", "2026-12-07", "2026-12-07"],
    workDays: MON_FRI, streak: 3, since: null,
  });
  const state = (date: string) => weeks.flat().find((day) => day.date === date)?.state;

  it("starts on a Monday and ends with the current week", () => {
    expect(weeks).toHaveLength(2);
    expect(weeks[0][0].date).toBe("2026-11-30");
    expect(weeks[1][6].date).toBe("2026-12-13");
  });

  it("tells lessons, freezes, missed working days, days off, today and days to come apart", () => {
    expect(state("2026-11-30")).toBe("missed");
    expect(state("2026-12-01")).toBe("missed");
    expect(state("2026-12-02")).toBe("done");
    expect(state("2026-12-03")).toBe("freeze");
    expect(state("2026-12-05")).toBe("off");
    expect(state("2026-12-07")).toBe("done");
    expect(state("2026-12-08")).toBe("today");
    expect(state("2026-12-09")).toBe("future");
    expect(weeks[1][0].lessons).toBe(2);
  });

  it("counts learning on a day off, and shows no freeze without a streak", () => {
    const broken = streakCalendar({ today: "2026-12-08", weeks: 1, lessonDays: ["2026-12-06"], workDays: MON_FRI, streak: 0, since: null });
    expect(broken[0].map((day) => day.state)).toEqual(["missed", "today", "future", "future", "future", "future", "future"]);
    const sunday = streakCalendar({ today: "2026-12-13", weeks: 1, lessonDays: ["2026-12-13"], workDays: MON_FRI, streak: 1, since: null });
    expect(sunday[0][6].state).toBe("done");
  });

  it("does not count the days before the first lesson ever against anyone", () => {
    const fresh = streakCalendar({ today: "2026-12-09", weeks: 1, lessonDays: ["2026-12-08"], workDays: MON_FRI, streak: 1, since: "2026-12-08" });
    expect(fresh[0].map((day) => day.state).slice(0, 3)).toEqual(["before", "done", "today"]);
  });
});

describe("weekly figures", () => {
  it("counts lessons and their mean score per week, oldest first", () => {
    const figures = weeklyFigures([
      { localDate: "2026-12-08", score: 1, passed: true },
      { localDate: "2026-12-07", score: 0.5, passed: false },
      { localDate: "2026-12-01", score: 0.8, passed: true },
      { localDate: "2026-10-01", score: 0.8, passed: true },
    ], "2026-12-09", 3);
    expect(figures.map((week) => week.weekStart)).toEqual(["2026-11-23", "2026-11-30", "2026-12-07"]);
    expect(figures.map((week) => week.lessons)).toEqual([0, 1, 2]);
    expect(figures[2].meanScore).toBeCloseTo(0.75);
    expect(figures[2].passed).toBe(1);
    expect(figures[0].meanScore).toBeNull();
  });

  it("takes today from the employee's time zone", () => {
    const lateInTallinn = new Date("2026-12-08T22:30:00Z");
    expect(localToday("Europe/Tallinn", lateInTallinn)).toBe("2026-12-09");
    expect(localToday("America/New_York", lateInTallinn)).toBe("2026-12-08");
  });
});
