// Sorting the item analysis: by the lesson's order or a statistic; items without the statistic go last either way.
export type SortKey = "order" | "answers" | "difficulty" | "discrimination" | "flags";
export type Sort = { key: SortKey; descending: boolean };
type Row = { answers: number; difficulty: number | null; discrimination: number | null; flags: readonly string[] | null };

export function sortItems<T extends Row>(rows: readonly T[], sort: Sort): T[] {
  const indexed = rows.map((row, index) => ({ row, index }));
  const value = (entry: { row: T; index: number }): number | null => {
    switch (sort.key) {
      case "order": return entry.index;
      case "answers": return entry.row.answers;
      case "difficulty": return entry.row.difficulty;
      case "discrimination": return entry.row.discrimination;
      case "flags": return entry.row.flags?.length ?? 0;
    }
  };
  indexed.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null && y === null) return a.index - b.index;
    if (x === null) return 1;
    if (y === null) return -1;
    return (sort.descending ? y - x : x - y) || a.index - b.index;
  });
  return indexed.map((entry) => entry.row);
}
