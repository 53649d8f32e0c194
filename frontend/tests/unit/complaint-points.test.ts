import { describe, expect, it } from "vitest";
import { complaintPoints } from "../../src/features/complaints/points";
import type { LedgerEntryKind, LedgerEntryState } from "../../src/graphql/types";

let next = 0;
const line = (rule: string, entry: LedgerEntryKind, state: LedgerEntryState, feedbackId = "c1") =>
  ({ id: String(++next), rule, entry, state, points: 20, feedbackId });

describe("my points for one complaint", () => {
  it("lists this complaint's lines only, with the state the server gives, the settlement folded into its line", () => {
    const entries = [
      line("loyalty_confirmed", "AWARD", "CONFIRMED"), line("resolved", "CONFIRM", "CONFIRMED"),
      line("resolved", "PENDING", "CONFIRMED"), line("acknowledged_within_target", "AWARD", "CONFIRMED"),
      line("resolved", "PENDING", "PENDING", "other"),
    ];
    expect(complaintPoints(entries, "c1").map((entry) => [entry.rule, entry.entry, entry.state])).toEqual([
      ["loyalty_confirmed", "AWARD", "CONFIRMED"], ["resolved", "PENDING", "CONFIRMED"], ["acknowledged_within_target", "AWARD", "CONFIRMED"],
    ]);
  });
});
