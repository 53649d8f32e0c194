// The org import's per-line report: the server sends each problem as {line, hrId, message} with an English message
// (no field or code yet), so the field and a translatable problem are read from the message's known shapes here;
// a message of a shape we do not know is shown as the server wrote it.
import { ApiError } from "../../lib/api";
import type { Message, Params } from "../../lib/i18n";
import { messages } from "./messages";

export type ServerProblem = { line: number; hrId: string | null; message: string };
export type Problem = {
  line: number;
  hrId: string | null;
  /** The CSV column the problem is in; null for the whole line, "" for the whole file. */
  field: string | null;
  text: { message: Message; params: Params } | { raw: string };
};

type Rule = [RegExp, (match: RegExpMatchArray) => { field: string | null; key: keyof typeof messages; params?: Params }];

const quoted = (field: string, key: keyof typeof messages): Rule => [
  new RegExp(`^${field} '(.*)' `, "s"),
  (m) => ({ field, key, params: { value: m[1] } }),
];

const RULES: Rule[] = [
  [/^hr_id must be/, () => ({ field: "hr_id", key: "problem.hr_id" })],
  [/^name must be/, () => ({ field: "name", key: "problem.name" })],
  quoted("email", "problem.email"),
  [/^job_title must be/, () => ({ field: "job_title", key: "problem.job_title" })],
  [/^role_family '(.*)' is not one of (.*)$/s, (m) => ({ field: "role_family", key: "problem.role_family", params: { value: m[1], list: m[2] } })],
  quoted("locale", "problem.locale"),
  quoted("time_zone", "problem.time_zone"),
  quoted("role", "problem.role"),
  quoted("active", "problem.active"),
  [/^work_days '(.*)':/s, (m) => ({ field: "work_days", key: "problem.work_days", params: { value: m[1] } })],
  [/^an employee cannot be their own manager/, () => ({ field: "manager_hr_id", key: "problem.ownManager" })],
  [/^hr_id repeats line (\d+)/, (m) => ({ field: "hr_id", key: "problem.repeatsHr", params: { line: m[1] } })],
  [/^email (\S+) repeats line (\d+)/, (m) => ({ field: "email", key: "problem.repeatsEmail", params: { line: m[2] } })],
  [/^email (\S+) belongs to employee (.*)$/, (m) => ({ field: "email", key: "problem.emailTaken", params: { value: m[1], other: m[2] } })],
  [/^unknown manager (.*)$/, (m) => ({ field: "manager_hr_id", key: "problem.unknownManager", params: { value: m[1] } })],
  [/^reporting cycle: (.*)$/, (m) => ({ field: "manager_hr_id", key: "problem.cycle", params: { value: m[1] } })],
  [/^more fields than columns/, () => ({ field: null, key: "problem.extraFields" })],
  [/^a cell contains control characters/, () => ({ field: null, key: "problem.control" })],
  [/^unreadable CSV/, () => ({ field: "", key: "problem.unreadable" })],
  [/^more than \d+ rows/, () => ({ field: "", key: "problem.tooMany" })],
];

function columnsProblem(message: string): { field: string; key: keyof typeof messages; params: Params }[] | null {
  const parts = message.split("; ");
  const found = parts.map((part) => {
    const missing = /^missing columns: (.*)$/.exec(part);
    if (missing) return { field: "", key: "problem.missingColumns" as const, params: { value: missing[1] } };
    const unknown = /^unknown columns: (.*)$/.exec(part);
    if (unknown) return { field: "", key: "problem.unknownColumns" as const, params: { value: unknown[1] } };
    return null;
  });
  return found.every(Boolean) ? (found as { field: string; key: keyof typeof messages; params: Params }[]) : null;
}

/** One server problem as one or more problems with a field and a message in both languages. */
export function readProblem(problem: ServerProblem, code?: string): Problem[] {
  const base = { line: problem.line, hrId: problem.hrId };
  if (code === "ROLE_CHANGE_FORBIDDEN") {
    return [{ ...base, field: "role", text: { message: messages["problem.roleForbidden"], params: { value: problem.message } } }];
  }
  const columns = columnsProblem(problem.message);
  if (columns) return columns.map((c) => ({ ...base, field: c.field, text: { message: messages[c.key], params: c.params } }));
  for (const [pattern, make] of RULES) {
    const match = problem.message.match(pattern);
    if (match) {
      const { field, key, params = {} } = make(match);
      return [{ ...base, field, text: { message: messages[key], params } }];
    }
  }
  return [{ ...base, field: null, text: { raw: problem.message } }];
}

/** The per-line problems of a refused import (IMPORT_INVALID or ROLE_CHANGE_FORBIDDEN), else null. */
export function importProblems(error: unknown): Problem[] | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code !== "IMPORT_INVALID" && error.code !== "ROLE_CHANGE_FORBIDDEN") return null;
  const list = Array.isArray(error.extensions.errors) ? (error.extensions.errors as ServerProblem[]) : [];
  return list.flatMap((problem) => readProblem(problem, error.code)).sort((a, b) => a.line - b.line);
}

/** The file without the given lines (1 = the header, which always stays); a quoted cell spanning lines counts as
 * the line it starts on, like the server's line numbers. */
export function withoutLines(text: string, lines: ReadonlySet<number>): string {
  const out: string[] = [];
  let line = 1;
  let start = 0;
  let quoted = false;
  let recordLine = 1;
  for (let index = 0; index <= text.length; index++) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    if ((char === "\n" && !quoted) || index === text.length) {
      const record = text.slice(start, index + (char === "\n" ? 1 : 0));
      if (record && (recordLine === 1 || !lines.has(recordLine))) out.push(record);
      start = index + 1;
      line += 1;
      recordLine = line;
    } else if (char === "\n") {
      line += 1;
    }
  }
  return out.join("");
}

/** Lines of data in a CSV text (records after the header, blank lines not counted). */
export function dataLineCount(text: string): number {
  return text.split(/\r?\n/).slice(1).filter((line) => line.trim()).length;
}
