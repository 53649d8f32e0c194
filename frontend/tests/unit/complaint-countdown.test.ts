import { describe, expect, it } from "vitest";
import { byNearestDeadline, nextDue, relativeTime, targetState, tickFor } from "../../src/features/complaints/countdown";

const NOW = Date.parse("2026-12-01T10:00:00Z");

describe("a complaint's response targets", () => {
  it("counts down to a target not yet met and up once it is missed", () => {
    expect(targetState("2026-12-01T12:00:00Z", null, NOW)).toMatchObject({ kind: "due", left: 2 * 3600_000 });
    expect(targetState("2026-12-01T09:30:00Z", null, NOW)).toMatchObject({ kind: "overdue", late: 30 * 60_000 });
    expect(targetState(null, null, NOW)).toEqual({ kind: "none" });
  });

  it("tells a target met in time from one met late", () => {
    expect(targetState("2026-12-01T12:00:00Z", "2026-12-01T11:00:00Z", NOW).kind).toBe("met");
    expect(targetState("2026-12-01T09:00:00Z", "2026-12-01T09:30:00Z", NOW).kind).toBe("missed");
    expect(targetState(null, "2026-12-01T09:30:00Z", NOW).kind).toBe("met");
  });

  it("says how long in each language, in minutes up to an hour and a half", () => {
    expect(relativeTime(42 * 60_000, "en")).toBe("in 42 minutes");
    expect(relativeTime(42 * 60_000, "et")).toBe("42 minuti pärast");
    expect(relativeTime(89 * 60_000, "en")).toBe("in 89 minutes");
    expect(relativeTime(-3 * 3600_000, "et")).toBe("3 tunni eest");
    expect(relativeTime(-3 * 3600_000, "en")).toBe("3 hours ago");
    expect(relativeTime(30_000, "en")).toBe("in 30 seconds");
    expect(relativeTime(3 * 86400_000, "et")).toBe("3 päeva pärast");
  });

  it("ticks every second only when the target is near", () => {
    expect(tickFor(60_000)).toBe(1000);
    expect(tickFor(-60_000)).toBe(1000);
    expect(tickFor(3600_000)).toBe(15_000);
  });
});

describe("my open complaints, nearest deadline first", () => {
  it("orders by the target each is waiting on, the most overdue first, those without a target last", () => {
    const items = [
      { id: "resolve-later", status: "ACKNOWLEDGED", acknowledgeDueAt: "2026-12-01T08:00:00Z", resolveDueAt: "2026-12-03T08:00:00Z" },
      { id: "no-target", status: "RECEIVED", acknowledgeDueAt: null, resolveDueAt: null },
      { id: "ack-soon", status: "RECEIVED", acknowledgeDueAt: "2026-12-02T08:00:00Z", resolveDueAt: "2026-12-04T08:00:00Z" },
      { id: "overdue", status: "ACKNOWLEDGED", acknowledgeDueAt: "2026-11-28T08:00:00Z", resolveDueAt: "2026-11-30T08:00:00Z" },
    ];
    expect(byNearestDeadline(items).map((item) => item.id)).toEqual(["overdue", "ack-soon", "resolve-later", "no-target"]);
  });

  it("waits on acknowledging while new and on resolving once taken on", () => {
    expect(nextDue({ status: "RECEIVED", acknowledgeDueAt: "a", resolveDueAt: "r" })).toEqual({ target: "acknowledge", due: "a" });
    expect(nextDue({ status: "ACKNOWLEDGED", acknowledgeDueAt: "a", resolveDueAt: "r" })).toEqual({ target: "resolve", due: "r" });
    expect(nextDue({ status: "RESOLVED", acknowledgeDueAt: "a", resolveDueAt: "r" })).toBeNull();
  });
});
