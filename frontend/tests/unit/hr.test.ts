import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/lib/api";
import { formatMessage } from "../../src/lib/i18n";
import { importProblems, readProblem, withoutLines, dataLineCount, type Problem } from "../../src/features/hr/import-problems";
import { sortItems } from "../../src/features/hr/item-sorting";
import { dayAfter, dayBefore, thisMonth } from "../../src/features/hr/export-dates";
import { serverVariables } from "../../src/features/hr/people-filters";

const text = (problem: Problem, locale: "et" | "en") =>
  "raw" in problem.text ? problem.text.raw : formatMessage(problem.text.message, locale, problem.text.params);

describe("the org import's per-line report", () => {
  it("reads the field and the problem from the server's message, in both languages", () => {
    const [problem] = readProblem({ line: 3, hrId: "N2", message: "email 'nope' is not an e-mail address" });
    expect(problem.field).toBe("email");
    expect(text(problem, "et")).toBe("„nope” ei ole e-posti aadress.");
    expect(text(problem, "en")).toBe("“nope” is not an e-mail address.");
    const [repeat] = readProblem({ line: 5, hrId: "A1", message: "hr_id repeats line 2" });
    expect([repeat.field, text(repeat, "et")]).toEqual(["hr_id", "Sama personalinumber on juba real 2."]);
  });

  it("splits a header problem into its parts and keeps a message of an unknown shape as it came", () => {
    const parts = readProblem({ line: 1, hrId: null, message: "missing columns: role; unknown columns: colour" });
    expect(parts.map((p) => text(p, "en"))).toEqual(["Missing columns: role.", "Unknown columns: colour."]);
    const [other] = readProblem({ line: 4, hrId: "X", message: "something new" });
    expect([other.field, text(other, "et")]).toEqual([null, "something new"]);
  });

  it("takes the problems of a refused import from the error's extensions, by line", () => {
    const error = new ApiError("The file has 2 problem(s)", "IMPORT_INVALID", {
      errors: [
        { line: 4, hrId: "B", message: "locale 'fi' must be et or en" },
        { line: 2, hrId: "A", message: "name must be 1-200 characters" },
      ],
    });
    expect(importProblems(error)?.map((p) => [p.line, p.field])).toEqual([[2, "name"], [4, "locale"]]);
    expect(importProblems(new ApiError("no", "FORBIDDEN"))).toBeNull();
  });

  it("leaves out the wrong lines but keeps the header, counting a quoted cell across lines as one record", () => {
    const csv = 'h1,h2\na,1\n"b\nstill b",2\nc,3\n';
    expect(withoutLines(csv, new Set([3]))).toBe("h1,h2\na,1\nc,3\n");
    expect(withoutLines(csv, new Set([5]))).toBe('h1,h2\na,1\n"b\nstill b",2\n');
    expect(withoutLines(csv, new Set([1]))).toBe(csv);
    expect(dataLineCount("h\r\na\r\n\r\nb")).toBe(2);
  });
});

describe("the item analysis order", () => {
  const rows = [
    { answers: 24, difficulty: 1, discrimination: null, flags: ["TOO_EASY"] },
    { answers: 24, difficulty: 0.17, discrimination: -0.7, flags: ["TOO_HARD", "MISLEADING"] },
    { answers: 3, difficulty: null, discrimination: null, flags: null },
    { answers: 24, difficulty: 0.5, discrimination: 0.45, flags: [] },
  ];
  it("sorts by a statistic either way, items without it last, ties in the lesson's order", () => {
    expect(sortItems(rows, { key: "difficulty", descending: false }).map((r) => r.difficulty)).toEqual([0.17, 0.5, 1, null]);
    expect(sortItems(rows, { key: "discrimination", descending: true }).map((r) => r.discrimination)).toEqual([0.45, -0.7, null, null]);
    expect(sortItems(rows, { key: "flags", descending: true })[0]).toBe(rows[1]);
    expect(sortItems(rows, { key: "order", descending: false })).toEqual(rows);
  });
});

describe("export periods and people filters", () => {
  it("turns the last day included into the API's excluded end and back", () => {
    expect(dayAfter("2026-12-31")).toBe("2027-01-01");
    expect(dayBefore("2026-03-01")).toBe("2026-02-28");
    expect(thisMonth(new Date(2026, 11, 8))).toEqual({ from: "2026-12-01", to: "2026-12-08" });
  });

  it("sends every people filter to the API, empty ones as none, the search trimmed to its limit", () => {
    expect(serverVariables({ search: "  mänd ", role: "MANAGER", status: "ALL", managerId: "m1" }, "c")).toEqual({
      first: 100, after: "c", filter: { search: "mänd", role: "MANAGER", status: "ALL", managerId: "m1" },
    });
    expect(serverVariables({ search: " ", role: "", status: "ACTIVE", managerId: null }, null).filter)
      .toEqual({ search: null, role: null, status: "ACTIVE", managerId: null });
    expect(serverVariables({ search: "x".repeat(150), role: "", status: "ACTIVE", managerId: null }, null).filter?.search).toHaveLength(100);
  });
});
