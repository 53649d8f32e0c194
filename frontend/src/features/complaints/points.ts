// The signed-in person's points for one complaint: their ledger lines about it, each as the server says it stands.
import { ledgerLines } from "../recognition/ledger";
import type { LedgerEntryKind, LedgerEntryState } from "../../graphql/types";

type Entry = { id: string; rule: string; entry: LedgerEntryKind; points: number; feedbackId: string | null; state: LedgerEntryState };

export function complaintPoints<T extends Entry>(entries: readonly T[], feedbackId: string): T[] {
  return ledgerLines(entries.filter((entry) => entry.feedbackId === feedbackId));
}
