// Ledger entries (newest first, as myRecognition.history gives them) as the lines a person reads: an award, or a
// resolution's pending points and what became of them. A CONFIRM or REVERSE entry settles the oldest open PENDING
// entry of the same rule and feedback (services/feedback/recognition/ledger.py writes them in that order).

export type EntryKind = "AWARD" | "PENDING" | "CONFIRM" | "REVERSE";
export type LedgerEntry = { id: string; rule: string; entry: EntryKind; points: number; feedbackId: string | null; createdAt: string };
export type LineState = "awarded" | "pending" | "confirmed" | "reversed";
export type LedgerLine = {
  id: string; rule: string; feedbackId: string | null; points: number; state: LineState; at: string; settledAt: string | null;
};

export function ledgerLines(entries: readonly LedgerEntry[]): LedgerLine[] {
  const oldestFirst = [...entries].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const lines: LedgerLine[] = [];
  const same = (line: LedgerLine, entry: LedgerEntry) => line.rule === entry.rule && line.feedbackId === entry.feedbackId;
  for (const entry of oldestFirst) {
    const base = { id: entry.id, rule: entry.rule, feedbackId: entry.feedbackId, at: entry.createdAt, settledAt: null };
    if (entry.entry === "AWARD") {
      lines.push({ ...base, points: entry.points, state: "awarded" });
    } else if (entry.entry === "PENDING") {
      lines.push({ ...base, points: entry.points, state: "pending" });
    } else if (entry.entry === "CONFIRM") {
      const open = lines.find((line) => line.state === "pending" && same(line, entry));
      if (open) Object.assign(open, { state: "confirmed", settledAt: entry.createdAt });
      else lines.push({ ...base, points: entry.points, state: "confirmed", settledAt: entry.createdAt });
    } else {
      const open = lines.find((line) => (line.state === "pending" || line.state === "confirmed") && same(line, entry));
      if (open) Object.assign(open, { state: "reversed", settledAt: entry.createdAt });
      else lines.push({ ...base, points: entry.points, state: "reversed", settledAt: entry.createdAt });
    }
  }
  return lines.reverse();
}
