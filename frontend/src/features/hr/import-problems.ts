// The org import's per-line report: the server sends each problem with a stable `code`, the CSV column (`field`) and
// the offending `value` (services/learning/directory/importer.py); the words are ours: field-specific ones from the HR
// messages, else the code's words (error-messages.json), else the server's English message.
import { ApiError } from "../../lib/api";
import type { Message, Params } from "../../lib/i18n";
import codeWords from "../../lib/error-messages.json";
import { messages } from "./messages";

export type ServerProblem = {
  line: number;
  hrId: string | null;
  code: string;
  field: string | null;
  value: string | null;
  otherLine: number | null;
  otherHrId: string | null;
  message: string;
};
export type Problem = {
  line: number;
  hrId: string | null;
  /** The CSV column the problem is in; null for the whole line, "" for the whole file. */
  field: string | null;
  /** Leaving this line out of the file would not fix it (a problem with the file itself). */
  wholeFile: boolean;
  text: { message: Message; params: Params } | { raw: string };
};

type Key = keyof typeof messages;
const FILE_CODES = new Set(["CSV_UNREADABLE", "MISSING_COLUMN", "UNKNOWN_COLUMN", "TOO_MANY_ROWS"]);

/** The HR words for a problem: by code and column, or by code alone. */
function wordsFor(problem: ServerProblem): Key | null {
  const { code, field } = problem;
  if (code === "DUPLICATE_VALUE") {
    if (problem.otherHrId) return "problem.emailTaken";
    return field === "hr_id" ? "problem.repeatsHr" : "problem.repeatsEmail";
  }
  const candidates = [`problem.${code}.${field ?? ""}`, `problem.${code}`];
  return (candidates.find((key) => key in messages) as Key | undefined) ?? null;
}

/** One server problem with its column and a message in both languages. */
export function readProblem(problem: ServerProblem): Problem {
  const wholeFile = FILE_CODES.has(problem.code);
  const field = wholeFile && problem.line !== 1 ? "" : problem.field;
  const base = { line: problem.line, hrId: problem.hrId, field, wholeFile };
  const params: Params = {
    value: problem.value ?? "",
    column: problem.field ?? "",
    line: problem.otherLine ?? "",
    other: problem.otherHrId ?? "",
  };
  const key = wordsFor(problem);
  if (key) return { ...base, text: { message: messages[key], params } };
  const generic = (codeWords as Record<string, Message>)[problem.code];
  return generic ? { ...base, text: { message: generic, params: {} } } : { ...base, text: { raw: problem.message } };
}

/** The per-line problems of a refused import (IMPORT_INVALID or ROLE_CHANGE_FORBIDDEN), else null. */
export function importProblems(error: unknown): Problem[] | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code !== "IMPORT_INVALID" && error.code !== "ROLE_CHANGE_FORBIDDEN") return null;
  const list = Array.isArray(error.extensions.errors) ? (error.extensions.errors as ServerProblem[]) : [];
  return list.map(readProblem).sort((a, b) => a.line - b.line);
}

/** The file without the given lines (1 = the header, which always stays); a quoted cell spanning lines counts as
 * the line it starts on, like the server's line numbers. `original[n - 1]` is the line n of the shorter file had in the
 * chosen one, so the server's problems can be shown by the lines HR sees in their file. */
export function withoutLines(text: string, lines: ReadonlySet<number>): { text: string; original: number[] } {
  const out: string[] = [];
  const original: number[] = [];
  let line = 1;
  let start = 0;
  let quoted = false;
  let recordLine = 1;
  for (let index = 0; index <= text.length; index++) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    if ((char === "\n" && !quoted) || index === text.length) {
      const record = text.slice(start, index + (char === "\n" ? 1 : 0));
      if (record && (recordLine === 1 || !lines.has(recordLine))) {
        out.push(record);
        for (let n = recordLine; n <= line; n++) original.push(n);
      }
      start = index + 1;
      line += 1;
      recordLine = line;
    } else if (char === "\n") {
      line += 1;
    }
  }
  return { text: out.join(""), original };
}

/** A problem of the shorter file (see withoutLines) at the line it has in the chosen file. */
export function onOriginalLine(problem: Problem, original: readonly number[]): Problem {
  return problem.line > 0 ? { ...problem, line: original[problem.line - 1] ?? problem.line } : problem;
}

/** Lines of data in a CSV text (records after the header, blank lines not counted). */
export function dataLineCount(text: string): number {
  return text.split(/\r?\n/).slice(1).filter((line) => line.trim()).length;
}
