import { describe, expect, it } from "vitest";
import { complaintPoints } from "../../src/features/complaints/points";

const line = (rule: string, entry: "AWARD" | "PENDING" | "CONFIRM" | "REVERSE", points: number, feedbackId = "c1") =>
  ({ rule, entry, points, feedbackId });

describe("my points for one complaint", () => {
  it("shows resolution points as pending until the customer's loyalty confirms them", () => {
    const pending = [line("resolved", "PENDING", 20), line("acknowledged_within_target", "AWARD", 5), line("resolved", "PENDING", 9, "other")];
    expect(complaintPoints(pending, "c1")).toEqual([
      { rule: "resolved", points: 20, state: "pending" },
      { rule: "acknowledged_within_target", points: 5, state: "awarded" },
    ]);
    // newest first, as the ledger history lists them
    const confirmed = [line("loyalty_confirmed", "AWARD", 50), line("resolved", "CONFIRM", 20), ...pending];
    expect(complaintPoints(confirmed, "c1")).toEqual([
      { rule: "loyalty_confirmed", points: 50, state: "awarded" },
      { rule: "resolved", points: 20, state: "confirmed" },
      { rule: "acknowledged_within_target", points: 5, state: "awarded" },
    ]);
  });

  it("shows reversed points as reversed", () => {
    expect(complaintPoints([line("resolved", "PENDING", 20), line("resolved", "REVERSE", 20)], "c1"))
      .toEqual([{ rule: "resolved", points: 20, state: "reversed" }]);
  });
});
