import { describe, expect, it } from "vitest";
import { completionsPerDay, lastDays, localDay, weekBounds } from "../../src/features/team/figures";

describe("team chart figures", () => {
  const today = new Date(2026, 11, 1, 15, 30); // 1 December 2026, local time

  it("counts local calendar days, across a month's end", () => {
    expect(localDay(0, today)).toBe("2026-12-01");
    expect(localDay(-1, today)).toBe("2026-11-30");
    expect(localDay(7, today)).toBe("2026-12-08");
  });

  it("lists the last 30 days oldest first, today last", () => {
    const days = lastDays(30, today);
    expect(days).toHaveLength(30);
    expect(days[0]).toBe("2026-11-02");
    expect(days[29]).toBe("2026-12-01");
  });

  it("sums completions per day over members, retakes included, ignoring days outside the window", () => {
    const days = lastDays(3, today);
    const rows = completionsPerDay(
      [
        [{ localDate: "2026-12-01" }, { localDate: "2026-12-01" }, { localDate: "2026-11-01" }],
        [{ localDate: "2026-11-29" }, { localDate: "2026-12-01" }],
        [],
      ],
      days,
    );
    expect(rows).toEqual([
      { day: "2026-11-29", completed: 1 },
      { day: "2026-11-30", completed: 0 },
      { day: "2026-12-01", completed: 3 },
    ]);
  });

  it("splits six weeks into seven-day windows ending at the end of today", () => {
    const bounds = weekBounds(6, today).map((iso) => new Date(iso));
    expect(bounds).toHaveLength(7);
    expect(bounds[6].getTime()).toBe(new Date(2026, 11, 2, 0, 0).getTime());
    expect(bounds[0].getTime()).toBe(new Date(2026, 9, 21, 0, 0).getTime());
    for (let index = 1; index < bounds.length; index += 1) {
      expect(Math.round((bounds[index].getTime() - bounds[index - 1].getTime()) / 86_400_000)).toBe(7);
    }
  });
});
