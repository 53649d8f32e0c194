"""Recognition: point rules, the append-only ledger, levels, badges and leaderboards."""
