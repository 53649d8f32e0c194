// The ledger as lines a person reads. The server says where each entry's line stands (`state`: an award or a
// confirmed resolution counts, a pending one waits, a reversed one does not count); a CONFIRM or REVERSE entry only
// settles a PENDING line, so it is not a line of its own unless its pending entry is beyond the page we read.
import type { LedgerEntryKind } from "../../graphql/types";

type Entry = { entry: LedgerEntryKind; rule: string; feedbackId: string | null };

const opensLine = (entry: Entry) => entry.entry === "AWARD" || entry.entry === "PENDING";
const lineKey = (entry: Entry) => `${entry.rule}\u0000${entry.feedbackId ?? ""}`;

/** The entries that are lines, in the order given (newest first, as myRecognition.history lists them). */
export function ledgerLines<T extends Entry>(entries: readonly T[]): T[] {
  const opened = new Set(entries.filter(opensLine).map(lineKey));
  return entries.filter((entry) => opensLine(entry) || !opened.has(lineKey(entry)));
}
