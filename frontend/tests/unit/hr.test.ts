import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/lib/api";
import { formatMessage } from "../../src/lib/i18n";
import { importProblems, onOriginalLine, readProblem, withoutLines, dataLineCount, type Problem, type ServerProblem } from "../../src/features/hr/import-problems";
import { sortItems } from "../../src/features/hr/item-sorting";
import { dayAfter, dayBefore, thisMonth } from "../../src/features/hr/export-dates";
import { serverVariables } from "../../src/features/hr/people-filters";

const text = (problem: Problem, locale: "et" | "en") =>
  "raw" in problem.text ? problem.text.raw : formatMessage(problem.text.message, locale, problem.text.params);

describe("the org import's per-line report", () => {
  const server = (line: number, hrId: string | null, code: string, more: Partial<ServerProblem> = {}): ServerProblem => ({
    line, hrId, code, field: null, value: null, otherLine: null, otherHrId: null, message: "(the English message)", ...more,
  });

  it("words a problem from its code, column and value, in both languages", () => {
    const problem = readProblem(server(3, "N2", "INVALID_EMAIL", { field: "email", value: "nope" }));
    expect(problem.field).toBe("email");
    expect(text(problem, "et")).toBe("„nope” ei ole e-posti aadress.");
    expect(text(problem, "en")).toBe("“nope” is not an e-mail address.");
    const repeat = readProblem(server(5, "A1", "DUPLICATE_VALUE", { field: "hr_id", value: "A1", otherLine: 2 }));
    expect([repeat.field, text(repeat, "et")]).toEqual(["hr_id", "Personalinumber A1 on juba real 2."]);
    const taken = readProblem(server(5, "A1", "DUPLICATE_VALUE", { field: "email", value: "a2@x.ee", otherHrId: "A2" }));
    expect(text(taken, "et")).toBe("E-post a2@x.ee kuulub juba inimesele A2.");
    const manager = readProblem(server(4, "A2", "EMPLOYEE_NOT_FOUND", { field: "manager_hr_id", value: "ZZ" }));
    expect([manager.field, text(manager, "et")]).toEqual(["manager_hr_id", "Juhti ZZ ei ole failis ega süsteemis."]);
  });

  it("falls back to the code's general words, then to the server's message; file problems cannot be skipped", () => {
    const general = readProblem(server(4, "X", "FIELD_TOO_LONG", { field: "hr_id" }));
    expect(text(general, "et")).toBe("Tekst on liiga pikk.");
    const unknown = readProblem(server(4, "X", "SOMETHING_NEW"));
    expect([unknown.field, text(unknown, "et")]).toEqual([null, "(the English message)"]);
    const column = readProblem(server(1, null, "MISSING_COLUMN", { field: "role" }));
    expect([column.field, column.wholeFile, text(column, "en")]).toEqual(["role", true, "The column role is missing."]);
    const broken = readProblem(server(7, null, "CSV_UNREADABLE"));
    expect([broken.field, broken.wholeFile]).toEqual(["", true]);
    expect(readProblem(server(7, "A", "TOO_MANY_FIELDS")).wholeFile).toBe(false);
  });

  it("takes the problems of a refused import from the error's extensions, by line", () => {
    const error = new ApiError("The file has 2 problem(s)", "IMPORT_INVALID", {
      errors: [
        server(4, "B", "INVALID_CHOICE", { field: "locale", value: "fi" }),
        server(2, "A", "VALUE_REQUIRED", { field: "name" }),
      ],
    });
    expect(importProblems(error)?.map((p) => [p.line, p.field, text(p, "et")])).toEqual([
      [2, "name", "Nimi puudub."], [4, "locale", "Keel „fi” peab olema et või en."],
    ]);
    expect(importProblems(new ApiError("no", "FORBIDDEN"))).toBeNull();
    // a problem of the shorter file (line 3 left out) is shown at its line in HR's file
    const [later] = importProblems(new ApiError("x", "IMPORT_INVALID", { errors: [server(3, "N3", "TOO_MANY_FIELDS")] }))!;
    const kept = withoutLines("h\na\nb\nc\n", new Set([3])).original;
    expect([onOriginalLine(later, kept).line, onOriginalLine({ ...later, line: 0 }, kept).line]).toEqual([4, 0]);
  });

  it("leaves out the wrong lines but keeps the header, counting a quoted cell across lines as one record", () => {
    const csv = 'h1,h2\na,1\n"b\nstill b",2\nc,3\n';
    expect(withoutLines(csv, new Set([3]))).toEqual({ text: "h1,h2\na,1\nc,3\n", original: [1, 2, 5] });
    expect(withoutLines(csv, new Set([5]))).toEqual({ text: 'h1,h2\na,1\n"b\nstill b",2\n', original: [1, 2, 3, 4] });
    expect(withoutLines(csv, new Set([1])).text).toBe(csv);
    expect(withoutLines(csv, new Set()).text).toBe(csv);
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
