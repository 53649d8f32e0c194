import { useState } from "react";
import { ImportOrgChart } from "../../graphql/documents";
import type { ImportOrgChartMutation } from "../../graphql/types";
import { request } from "../../lib/api";
import { formatMessage, useI18n } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { Button } from "../../components/ui/Button";
import { HrSections } from "./HrSections";
import { HrError } from "./HrError";
import { dataLineCount, importProblems, onOriginalLine, withoutLines, type Problem } from "./import-problems";
import { messages } from "./messages";

type Report = ImportOrgChartMutation["importOrgChart"];
type Outcome = { kind: "report"; report: Report } | { kind: "problems"; problems: Problem[] } | { kind: "error"; error: unknown };

/** The org chart from a CSV file: a dry run first (what would change, or each wrong line and why), then the import.
 * Wrong lines can be left out (the API refuses a file with any wrong line, so the app sends the file without them). */
export function OrgImport() {
  const { t, locale } = useI18n();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [skipped, setSkipped] = useState<Set<number>>(new Set());
  const [deactivateMissing, setDeactivateMissing] = useState(false);
  const [sendInvitations, setSendInvitations] = useState(true);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, setPending] = useState<"dry" | "real" | null>(null);

  async function choose(list: FileList | null) {
    const chosen = list?.[0];
    setOutcome(null);
    setSkipped(new Set());
    setFile(chosen ? { name: chosen.name, text: await chosen.text() } : null);
  }

  async function run(dryRun: boolean, skip: Set<number>) {
    if (!file) return;
    setPending(dryRun ? "dry" : "real");
    // (the server numbers the lines of the file it gets: shown by the lines of the chosen file)
    const sent = withoutLines(file.text, skip);
    try {
      const csv = sent.text;
      const data = await request(ImportOrgChart, { input: { csv, dryRun, deactivateMissing, sendInvitations } });
      setOutcome({ kind: "report", report: data.importOrgChart });
    } catch (caught) {
      const problems = importProblems(caught)?.map((problem) => onOriginalLine(problem, sent.original));
      setOutcome(problems ? { kind: "problems", problems } : { kind: "error", error: caught });
    } finally {
      setPending(null);
    }
  }

  function skipWrongLines(problems: Problem[]) {
    const next = new Set(skipped);
    problems.forEach((problem) => next.add(problem.line));
    setSkipped(next);
    void run(true, next);
  }

  const skippedText = [...skipped].sort((a, b) => a - b).join(", ");
  const report = outcome?.kind === "report" ? outcome.report : null;
  return (
    <Page title={t(messages.importTitle)}>
      <HrSections />
      <p>{t(messages.importIntro)}</p>
      <p className="hr-note">{t(messages.importColumns)}</p>
      <div className="form">
        <div className="field hr-file">
          <label htmlFor="hr-import-file">{t(messages.chooseFile)}</label>
          <input id="hr-import-file" type="file" accept=".csv,text/csv" onChange={(event) => void choose(event.target.files)} />
          {file && <span className="hr-note">{t(messages.fileChosen, { name: file.name, count: dataLineCount(file.text) })}</span>}
        </div>
        <label className="hr-check">
          <input type="checkbox" checked={sendInvitations} onChange={(event) => { setSendInvitations(event.target.checked); setOutcome(null); }} />
          {t(messages.sendInvitations)}
        </label>
        <label className="hr-check">
          <input type="checkbox" checked={deactivateMissing} onChange={(event) => { setDeactivateMissing(event.target.checked); setOutcome(null); }} />
          {t(messages.deactivateMissing)}
        </label>
        <div className="hr-actions">
          <Button variant={report?.dryRun ? "secondary" : "primary"} isDisabled={!file || pending !== null} onPress={() => void run(true, skipped)}>
            {pending === "dry" ? t(messages.checking) : t(messages.dryRun)}
          </Button>
        </div>
      </div>

      <div aria-live="polite">
        {outcome?.kind === "error" && <HrError error={outcome.error} onRetry={() => void run(true, skipped)} />}
        {outcome?.kind === "problems" && problemReport(outcome.problems)}
        {report && (
          <section className="card" aria-labelledby="hr-import-result">
            <h2 id="hr-import-result">{report.dryRun ? t(messages.dryRunResult) : t(messages.importResult)}</h2>
            {summary(report)}
            {skipped.size > 0 && <p className="hr-note">{t(messages.skippedNote, { lines: skippedText })}</p>}
            {report.dryRun ? (
              <>
                <p>{t(messages.importDoneAfterDry)}</p>
                <Button isDisabled={pending !== null} onPress={() => void run(false, skipped)}>
                  {pending === "real" ? t(messages.importing) : t(messages.importNow)}
                </Button>
              </>
            ) : (
              <Button variant="secondary" onPress={() => { setFile(null); setOutcome(null); setSkipped(new Set()); }}>{t(messages.startOver)}</Button>
            )}
          </section>
        )}
      </div>
    </Page>
  );

  function problemReport(problems: Problem[]) {
    const lines = new Set(problems.map((problem) => problem.line));
    const skippable = problems.every((problem) => problem.line > 1 && !problem.wholeFile);
    return (
      <section className="hr-errors" aria-labelledby="hr-import-errors">
        <h2 id="hr-import-errors">{t(messages.errorsTitle, { count: problems.length })}</h2>
        <p>{t(messages.errorsIntro)}</p>
        <ol>
          {problems.map((problem, index) => (
            <li key={index}>
              <span className="hr-error-where">
                {problem.line > 0 ? t(messages.lineN, { line: problem.line }) : t(messages.wholeFile)}
                {problem.hrId ? ` (${problem.hrId})` : ""}
                {" · "}{t(messages.colField)}: {problem.field === "" ? t(messages.wholeFile) : problem.field ?? t(messages.wholeRow)}
              </span>
              <br />
              {"raw" in problem.text ? problem.text.raw : formatMessage(problem.text.message, locale, problem.text.params)}
            </li>
          ))}
        </ol>
        <div className="hr-actions">
          {skippable ? (
            <Button variant="secondary" isDisabled={pending !== null} onPress={() => skipWrongLines(problems)}>{t(messages.importSkipping, { count: lines.size })}</Button>
          ) : <p className="hr-note">{t(messages.cannotSkip)}</p>}
        </div>
      </section>
    );
  }

  function summary(r: Report) {
    const done = !r.dryRun;
    const groups = [
      [messages.created, r.created], [done ? messages.updatedDone : messages.updated, r.updated],
      [done ? messages.reactivatedDone : messages.reactivated, r.reactivated],
      [done ? messages.deactivatedDone : messages.deactivated, r.deactivated],
      [done ? messages.invitedDone : messages.invitedCount, r.invited],
    ] as const;
    const any = groups.some(([, ids]) => ids.length > 0);
    return (
      <ul className="hr-summary">
        {groups.filter(([, ids]) => ids.length > 0).map(([message, ids]) => (
          <li key={message.en.other}>
            <strong>{t(message, { count: ids.length })}</strong>
            <details><summary>{t(messages.whoList)}</summary>{ids.join(", ")}</details>
          </li>
        ))}
        <li>{t(done ? messages.unchangedDone : messages.unchangedCount, { count: r.unchanged })}</li>
        {!any && <li>{t(done ? messages.nothingChanged : messages.nothingChanges)}</li>}
      </ul>
    );
  }
}
