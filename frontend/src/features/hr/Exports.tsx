import { useEffect, useRef, useState, type FormEvent } from "react";
import { Form } from "react-aria-components";
import { StartTrainingExport, TrainingExport, TrainingExports } from "../../graphql/documents";
import type { ExportFormat, TrainingExportsQuery } from "../../graphql/types";
import { newClientMutationId } from "../../lib/api";
import { useMutation, useQuery } from "../../lib/hooks";
import { useI18n, type Message } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { Button } from "../../components/ui/Button";
import { Loading } from "../../components/ui/Loading";
import { ProgressBar } from "../../components/ui/ProgressBar";
import { HrSections } from "./HrSections";
import { HrError } from "./HrError";
import { dayAfter, dayBefore, thisMonth } from "./export-dates";
import { messages } from "./messages";

type Export = TrainingExportsQuery["trainingExports"]["items"][number];
const FORMATS: readonly ExportFormat[] = ["CSV", "XAPI_1_0_3", "XAPI_2_0"];
const FORMAT_LABEL: Record<ExportFormat, Message> = { CSV: messages.formatCSV, XAPI_1_0_3: messages.formatXAPI_1_0_3, XAPI_2_0: messages.formatXAPI_2_0 };
const STATUS: Record<Export["status"], Message> = { QUEUED: messages.statusQUEUED, RUNNING: messages.statusRUNNING, DONE: messages.statusDONE, FAILED: messages.statusFAILED };
const running = (e: { status: string } | null | undefined) => e?.status === "QUEUED" || e?.status === "RUNNING";

/** Training records as a file: choose a format and period, follow the job's progress (polled every second), download. */
export function Exports() {
  const { t } = useI18n();
  const [format, setFormat] = useState<ExportFormat>("CSV");
  const [period, setPeriod] = useState(thisMonth());
  const [excelBom, setExcelBom] = useState(false);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const start = useMutation(StartTrainingExport);
  const past = useQuery(TrainingExports, { first: 20 });
  const [polling, setPolling] = useState(false);
  const current = useQuery(TrainingExport, { id: currentId ?? "" }, { skip: !currentId, pollMs: polling ? 1000 : undefined });
  const startKey = useRef<{ what: string; key: string } | null>(null);
  const badRange = period.to < period.from;

  const latest = current.data?.trainingExport;
  useEffect(() => {
    if (!currentId) return;
    const still = !latest || running(latest);
    setPolling(still);
    if (latest && !still) void past.refetch();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currentId, latest?.status]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (badRange) return;
    const input = { format, from: period.from, to: dayAfter(period.to), excelBom: format === "CSV" && excelBom };
    const what = JSON.stringify(input);
    if (!startKey.current || startKey.current.what !== what) startKey.current = { what, key: newClientMutationId() };
    try {
      const result = await start.mutate({ input: { ...input, clientMutationId: startKey.current.key } });
      startKey.current = null;
      setCurrentId(result.startTrainingExport.id);
      setPolling(true);
    } catch {
      /* shown in the form */
    }
  }

  const items = (past.data?.trainingExports.items ?? []).filter((item) => item.id !== currentId);
  return (
    <Page title={t(messages.exportsTitle)}>
      <HrSections />
      <p>{t(messages.exportsIntro)}</p>
      <Form className="card form" onSubmit={submit}>
        <div className="hr-export-form">
          <div className="field">
            <label htmlFor="hr-export-format">{t(messages.format)}</label>
            <select id="hr-export-format" value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)}>
              {FORMATS.map((option) => <option key={option} value={option}>{t(FORMAT_LABEL[option])}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="hr-export-from">{t(messages.from)}</label>
            <input id="hr-export-from" type="date" required value={period.from} onChange={(event) => setPeriod({ ...period, from: event.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="hr-export-to">{t(messages.to)}</label>
            <input id="hr-export-to" type="date" required value={period.to} aria-invalid={badRange || undefined}
              aria-describedby={badRange ? "hr-export-range" : undefined} onChange={(event) => setPeriod({ ...period, to: event.target.value })} />
          </div>
        </div>
        {format === "CSV" && (
          <label className="hr-check">
            <input type="checkbox" checked={excelBom} onChange={(event) => setExcelBom(event.target.checked)} />
            {t(messages.excelBom)}
          </label>
        )}
        {badRange && <p id="hr-export-range" className="error-message" role="alert">{t(messages.badRange)}</p>}
        <HrError error={start.error} />
        <div>
          <Button type="submit" isDisabled={start.pending || badRange || running(latest)}>
            {start.pending ? t(messages.starting) : t(messages.startExport)}
          </Button>
        </div>
      </Form>

      {currentId && (
        <section className="card" aria-labelledby="hr-export-current">
          <h2 id="hr-export-current">{t(messages.exportProgress)}</h2>
          <HrError error={current.error} onRetry={() => void current.refetch()} />
          {latest ? <ExportLine item={latest} live /> : <Loading />}
        </section>
      )}

      <h2>{t(messages.pastExports)}</h2>
      <HrError error={past.error} onRetry={() => void past.refetch()} />
      {past.loading && !past.data && <Loading />}
      {past.data && items.length === 0 && <p>{t(messages.noExports)}</p>}
      {items.length > 0 && (
        <ul className="hr-cards">
          {items.map((item) => <li key={item.id}><ExportLine item={item} /></li>)}
        </ul>
      )}
    </Page>
  );
}

function ExportLine({ item, live = false }: { item: Export; live?: boolean }) {
  const { t, date, dateTime, number } = useI18n();
  const periodText = t(messages.period, { from: date(item.filters.from), to: date(dayBefore(item.filters.to)) });
  const name = `${t(FORMAT_LABEL[item.format])}, ${periodText}`;
  const badge = item.status === "DONE" ? "hr-badge-ok" : item.status === "FAILED" ? "hr-badge-danger" : "hr-badge-warn";
  return (
    <div className="hr-export">
      <div>
        <strong>{name}</strong>{" "}
        <span className={`hr-badge ${badge}`}>{t(STATUS[item.status])}</span>
        {item.kind === "PUSH" && <span className="hr-muted"> · {t(messages.kindPUSH)}</span>}
      </div>
      <div className="hr-muted">{dateTime(item.createdAt)}</div>
      {(live || running(item)) && item.status !== "FAILED" && (
        <ProgressBar
          label={t(messages.rowsWritten)}
          value={item.status === "DONE" ? Math.max(item.rowsTotal ?? item.rowsDone, 1) : item.rowsDone}
          max={item.status === "DONE" ? Math.max(item.rowsTotal ?? item.rowsDone, 1) : Math.max(item.rowsTotal ?? 0, item.rowsDone, 1)}
          valueText={item.rowsTotal !== null
            ? t(messages.rowsOf, { done: number(item.rowsDone), total: number(item.rowsTotal) })
            : t(messages.rowsSoFar, { done: number(item.rowsDone) })}
        />
      )}
      {item.status === "FAILED" && <p className="error-message">{t(messages.exportFailed)}</p>}
      {item.status === "DONE" && (
        item.downloadUrl ? (
          <div className="hr-actions">
            <a className="hr-download" href={item.downloadUrl} download aria-label={t(messages.downloadLabel, { name })}>{t(messages.download)}</a>
            {item.expiresAt && <span className="hr-muted">{t(messages.expiresAt, { date: dateTime(item.expiresAt) })}</span>}
          </div>
        ) : <span className="hr-muted">{t(messages.linkExpired)}</span>
      )}
    </div>
  );
}
