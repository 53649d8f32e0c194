// The signed-in person's points for one complaint, from their ledger lines: each rule's line as it stands now
// (a pending resolution line confirmed or reversed later shows as such; see services/feedback/recognition/ledger.py).
import type { LedgerEntryKind } from "../../graphql/types";

export type PointsLine = { rule: string; points: number; state: "pending" | "confirmed" | "reversed" | "awarded" };
type Entry = { rule: string; entry: LedgerEntryKind; points: number; feedbackId: string | null };

export function complaintPoints(entries: readonly Entry[], feedbackId: string): PointsLine[] {
  const mine = entries.filter((entry) => entry.feedbackId === feedbackId);
  const byRule = new Map<string, PointsLine>();
  for (const entry of mine) {
    if (entry.entry === "AWARD") {
      const line = byRule.get(`award:${entry.rule}`);
      byRule.set(`award:${entry.rule}`, { rule: entry.rule, points: (line?.points ?? 0) + entry.points, state: "awarded" });
    } else if (entry.entry === "PENDING") {
      const settled = byRule.get(entry.rule);
      byRule.set(entry.rule, { rule: entry.rule, points: entry.points, state: settled?.state ?? "pending" });
    } else {
      const state = entry.entry === "CONFIRM" ? "confirmed" : "reversed";
      const line = byRule.get(entry.rule);
      byRule.set(entry.rule, { rule: entry.rule, points: line?.points ?? Math.abs(entry.points), state });
    }
  }
  return [...byRule.values()];
}
