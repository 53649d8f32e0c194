import { describe, expect, it } from "vitest";
import { ledgerLines, type LedgerEntry } from "../../src/features/recognition/ledger";

const entry = (id: string, rule: string, kind: LedgerEntry["entry"], points: number, at: string, feedbackId: string | null = "f1"): LedgerEntry =>
  ({ id, rule, entry: kind, points, feedbackId, createdAt: `2026-12-0${at}T10:00:00Z` });

describe("ledger lines", () => {
  it("shows a resolution's points as pending until a confirmation settles them", () => {
    const pending = [entry("1", "resolved", "PENDING", 20, "1"), entry("2", "resolved_without_transfer", "PENDING", 10, "1")];
    expect(ledgerLines(pending).map((line) => line.state)).toEqual(["pending", "pending"]);
    const lines = ledgerLines([entry("3", "resolved", "CONFIRM", 20, "3"), ...pending.reverse()]);
    const resolved = lines.find((line) => line.rule === "resolved")!;
    expect(resolved).toMatchObject({ id: "1", state: "confirmed", points: 20, settledAt: "2026-12-03T10:00:00Z" });
    expect(lines.find((line) => line.rule === "resolved_without_transfer")!.state).toBe("pending");
    expect(lines).toHaveLength(2);
  });

  it("keeps awards as they are and marks a reversed resolution, newest first", () => {
    const lines = ledgerLines([
      entry("5", "resolved", "REVERSE", 0, "5"),
      entry("4", "praise_received", "AWARD", 10, "4", "f2"),
      entry("1", "resolved", "PENDING", 20, "1"),
    ]);
    expect(lines.map((line) => [line.id, line.state])).toEqual([["4", "awarded"], ["1", "reversed"]]);
  });

  it("settles a second resolution of the same complaint separately", () => {
    const lines = ledgerLines([
      entry("1", "resolved", "PENDING", 20, "1"), entry("2", "resolved", "REVERSE", 0, "2"),
      entry("3", "resolved", "PENDING", 20, "3"), entry("4", "resolved", "CONFIRM", 20, "4"),
    ]);
    expect(lines.map((line) => [line.id, line.state])).toEqual([["3", "confirmed"], ["1", "reversed"]]);
  });
});
