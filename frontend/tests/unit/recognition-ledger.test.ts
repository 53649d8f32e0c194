import { describe, expect, it } from "vitest";
import { ledgerLines } from "../../src/features/recognition/ledger";
import type { LedgerEntryKind, LedgerEntryState } from "../../src/graphql/types";

const entry = (id: string, rule: string, kind: LedgerEntryKind, state: LedgerEntryState, feedbackId: string | null = "f1") =>
  ({ id, rule, entry: kind, state, points: 20, feedbackId });

describe("ledger lines", () => {
  it("shows a settled resolution once, as the line the server says it is, newest first", () => {
    const lines = ledgerLines([
      entry("3", "resolved", "CONFIRM", "CONFIRMED"),
      entry("2", "praise_received", "AWARD", "CONFIRMED", "f2"),
      entry("1", "resolved", "PENDING", "CONFIRMED"),
    ]);
    expect(lines.map((line) => [line.id, line.state])).toEqual([["2", "CONFIRMED"], ["1", "CONFIRMED"]]);
  });

  it("keeps pending and reversed lines as the server states them", () => {
    const lines = ledgerLines([
      entry("4", "resolved", "REVERSE", "REVERSED"), entry("3", "resolved", "PENDING", "REVERSED"),
      entry("2", "resolved_without_transfer", "PENDING", "PENDING", "f2"),
    ]);
    expect(lines.map((line) => [line.id, line.state])).toEqual([["3", "REVERSED"], ["2", "PENDING"]]);
  });

  it("shows a settlement whose pending entry is beyond the page read, so no points go missing", () => {
    expect(ledgerLines([entry("9", "resolved", "CONFIRM", "CONFIRMED", "old")]).map((line) => line.id)).toEqual(["9"]);
  });
});
