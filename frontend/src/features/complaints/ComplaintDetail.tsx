// One complaint: what the customer said, the live countdown to each target, and the steps its status allows
// (take it on, categorise, reply, hand over, resolve), each sent with a clientMutationId kept across retries;
// then the follow-up survey's status and the points the signed-in person got for it. The buttons follow the
// complaint's allowedActions (what its status and the caller's standing allow now); the mutations still check.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Form, Label, TextArea, TextField, Text } from "react-aria-components";
import { Link, useParams } from "react-router";
import {
  AcknowledgeComplaint, CategoriseComplaint, CloseComplaint, Complaint, MyComplaintPoints, MyManager, ReplyToFeedback,
  ReopenComplaint, ResolveComplaint, TransferComplaint, TransferPeople,
} from "../../graphql/documents";
import type { ComplaintAction, ComplaintCategory, ComplaintQuery } from "../../graphql/types";
import { Page } from "../../components/ui/Page";
import { Button } from "../../components/ui/Button";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { Loading } from "../../components/ui/Loading";
import { useQuery } from "../../lib/hooks";
import { newClientMutationId, request, type Persisted } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { isManager, useMe } from "../../app/session-context";
import { TargetCountdown } from "./TargetCountdown";
import { targetState, useNow } from "./countdown";
import { complaintPoints } from "./points";
import {
  actionNames, categoryNames, channelNames, messages, pointStateNames, statusNames, surveyDeliveryNames, surveyStateNames,
} from "./messages";

type Item = ComplaintQuery["feedbackItem"];
const CATEGORIES = Object.keys(categoryNames) as ComplaintCategory[];

/** Sends one step; a retry of the same step (after a failure) sends the same clientMutationId, a new step a new one. */
function useStep<TResult, TInput extends { clientMutationId: string }>(document: Persisted<TResult, { i: TInput }>) {
  const id = useRef<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function run(input: Omit<TInput, "clientMutationId">): Promise<TResult | null> {
    id.current ??= newClientMutationId();
    setPending(true);
    setError(null);
    try {
      const result = await request(document, { i: { ...input, clientMutationId: id.current } as TInput });
      id.current = null;
      return result;
    } catch (caught) {
      setError(caught);
      return null;
    } finally {
      setPending(false);
    }
  }
  return { run, pending, error };
}

export function ComplaintDetail() {
  const { id = "" } = useParams();
  const { t, date } = useI18n();
  const [watchSurvey, setWatchSurvey] = useState(false);
  // after a resolution the worker sends the survey and the customer answers it: refresh the complaint until then
  const complaint = useQuery(Complaint, { id }, { pollMs: watchSurvey ? 5000 : undefined });
  const item = complaint.data?.feedbackItem;
  const settled = item?.status === "RESOLVED" || item?.status === "CLOSED";
  const surveyOpen = settled && (!item?.survey || item.survey.state === "OPEN");
  useEffect(() => setWatchSurvey(surveyOpen), [surveyOpen]);
  const title = item ? t(messages.complaintTitle, { date: date(item.receivedAt, { day: "numeric", month: "long" }) }) : t(messages.title);
  return (
    <Page title={title} actions={<Link to=".." relative="path" className="back-link">← {t(messages.back)}</Link>}>
      <ErrorMessage error={complaint.error} onRetry={() => void complaint.refetch()} />
      {!complaint.data && !complaint.error && <Loading />}
      {complaint.data && item && <Detail data={complaint.data} refetch={complaint.refetch} />}
    </Page>
  );
}

function Detail({ data, refetch }: { data: ComplaintQuery; refetch: () => Promise<void> }) {
  const { t, dateTime, number } = useI18n();
  const item = data.feedbackItem;
  const target = data.responseTargets.find((entry) => entry.channel === item.channel);
  const open = item.status === "RECEIVED" || item.status === "ACKNOWLEDGED";
  const now = useNow(open ? [item.acknowledgedAt ? null : Date.parse(item.acknowledgeDueAt ?? ""), Date.parse(item.resolveDueAt ?? "")]
    .map((value) => (value === null || Number.isNaN(value) ? null : value)) : []);
  const names = item.subjects.map((subject) => `${subject.name} (${subject.jobTitle})`).join(", ");
  return (
    <div className="complaint">
      <div className="complaint-main">
        <section className="card complaint-summary" aria-labelledby="said">
          <div className="inbox-top">
            <span className={`status status-${item.status?.toLowerCase()}`}>{item.status ? t(statusNames[item.status]) : ""}</span>
            <span className="inbox-category">{item.category ? t(categoryNames[item.category]) : t(messages.uncategorised)}</span>
          </div>
          <h2 id="said" className="visually-hidden">{t(messages.customerSaid)}</h2>
          <blockquote className="complaint-body">{item.body || t(messages.noText)}</blockquote>
          <ul className="facts">
            {item.rating !== null && <li>{t(messages.rating, { rating: number(item.rating) })}</li>}
            <li>{t(messages.reference, { reference: item.reference })}</li>
            <li>{t(messages.channelIs, { channel: t(channelNames[item.channel]) })} · {t(messages.received, { date: dateTime(item.receivedAt) })}</li>
            <li>{names ? t(messages.about, { names }) : t(messages.aboutNobody)}</li>
            <li>{item.owner ? t(messages.owner, { name: item.owner.name }) : t(messages.noOwner)}</li>
          </ul>
          {item.customer && <Customer customer={item.customer} />}
        </section>

        <section className="card" aria-labelledby="targets">
          <h2 id="targets">{t(messages.targets)}</h2>
          <TargetCountdown label={t(messages.acknowledge)} now={now} targetSeconds={target?.acknowledgeSeconds}
            state={targetState(item.acknowledgeDueAt, item.acknowledgedAt, now)} />
          <TargetCountdown label={t(messages.resolve)} now={now} targetSeconds={target?.resolveSeconds}
            state={targetState(item.resolveDueAt, item.resolvedAt, now)} />
        </section>

        <Actions item={item} refetch={refetch} />
      </div>
      <div className="complaint-side">
        <Replies item={item} refetch={refetch} />
        {(item.status === "RESOLVED" || item.status === "CLOSED") && <SurveyStatus survey={item.survey} />}
        <Points id={item.id} settled={item.status === "RESOLVED" || item.status === "CLOSED"} />
        <History data={data} />
      </div>
    </div>
  );
}

function Customer({ customer }: { customer: NonNullable<Item["customer"]> }) {
  const { t } = useI18n();
  return (
    <div className="customer">
      <h3>{t(messages.customer)}</h3>
      {customer.erasedAt ? <p>{t(messages.erased)}</p> : (
        <ul className="facts">
          {customer.name && <li>{customer.name}</li>}
          {customer.email && <li><a href={`mailto:${customer.email}`}>{customer.email}</a></li>}
          {customer.phone && <li><a href={`tel:${customer.phone}`}>{customer.phone}</a></li>}
          <li>{customer.consent ? t(messages.consent) : t(messages.noConsent)}</li>
        </ul>
      )}
    </div>
  );
}

function Actions({ item, refetch }: { item: Item; refetch: () => Promise<void> }) {
  const { t } = useI18n();
  const acknowledge = useStep(AcknowledgeComplaint);
  const resolve = useStep(ResolveComplaint);
  const categorise = useStep(CategoriseComplaint);
  const close = useStep(CloseComplaint);
  const [category, setCategory] = useState<ComplaintCategory | "">(item.category ?? "");
  const [saved, setSaved] = useState<string | null>(null);
  const may = (action: ComplaintAction) => item.allowedActions.includes(action);

  async function step(run: () => Promise<unknown>) {
    if ((await run()) !== null) await refetch();
  }
  async function saveCategory(event: FormEvent) {
    event.preventDefault();
    if (!category) return;
    const result = await categorise.run({ feedbackId: item.id, category });
    if (result) {
      setSaved(result.categoriseComplaint.lessonRequested ? t(messages.lessonAssigned) : t(messages.categorySaved));
      await refetch();
    }
  }

  return (
    <section className="card" aria-labelledby="actions">
      <h2 id="actions">{t(messages.actions)}</h2>
      {item.allowedActions.length === 0 && <p className="step-help">{t(messages.nothingToDo)}</p>}
      {may("ACKNOWLEDGE") && (
        <div className="step">
          <Button onPress={() => void step(() => acknowledge.run({ feedbackId: item.id }))} isDisabled={acknowledge.pending}>
            {t(messages.takeOn)}
          </Button>
          <p className="step-help">{t(messages.takeOnHelp)}</p>
          <ErrorMessage error={acknowledge.error} onRetry={() => void step(() => acknowledge.run({ feedbackId: item.id }))} />
        </div>
      )}
      {may("CATEGORISE") && (
        <form className="step category-step" onSubmit={saveCategory}>
          <label className="field">
            <span className="field-label">{t(messages.category)}</span>
            <select value={category} onChange={(event) => { setCategory(event.target.value as ComplaintCategory); setSaved(null); }}
              aria-describedby="category-help">
              <option value="" disabled>{t(messages.chooseCategory)}</option>
              {CATEGORIES.map((value) => <option key={value} value={value}>{t(categoryNames[value])}</option>)}
            </select>
          </label>
          <p id="category-help" className="step-help">{t(messages.categoryHelp)}</p>
          <Button type="submit" variant="secondary" isDisabled={categorise.pending || !category || category === item.category}>
            {t(messages.saveCategory)}
          </Button>
          {saved && <p role="status" className="step-done"><span aria-hidden="true">✓ </span>{saved}</p>}
          <ErrorMessage error={categorise.error} />
        </form>
      )}
      {may("RESOLVE") && (
        <div className="step">
          <Button onPress={() => void step(() => resolve.run({ feedbackId: item.id }))} isDisabled={resolve.pending}>
            {t(messages.markResolved)}
          </Button>
          <p className="step-help">{t(messages.resolveHelp)}</p>
          <ErrorMessage error={resolve.error} onRetry={() => void step(() => resolve.run({ feedbackId: item.id }))} />
        </div>
      )}
      {may("TRANSFER") && <Transfer item={item} refetch={refetch} />}
      {may("CLOSE") && (
        <div className="step">
          <Button variant="secondary" onPress={() => void step(() => close.run({ feedbackId: item.id }))} isDisabled={close.pending}>
            {t(messages.close)}
          </Button>
          <p className="step-help">{t(messages.closeHelp)}</p>
          <ErrorMessage error={close.error} onRetry={() => void step(() => close.run({ feedbackId: item.id }))} />
        </div>
      )}
      {may("REOPEN") && <Reopen item={item} refetch={refetch} />}
    </section>
  );
}

function Transfer({ item, refetch }: { item: Item; refetch: () => Promise<void> }) {
  const { t } = useI18n();
  const me = useMe();
  const manager = useQuery(MyManager);
  const team = useQuery(TransferPeople, {}, { skip: !isManager(me) });
  const transfer = useStep(TransferComplaint);
  const [to, setTo] = useState("");
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const people = new Map<string, string>();
  const boss = manager.data?.me.manager;
  if (boss) people.set(boss.id, `${boss.name} (${boss.jobTitle})`);
  for (const person of team.data?.employees.items ?? []) people.set(person.id, `${person.name} (${person.jobTitle})`);
  people.delete(me.id);
  if (item.owner) people.delete(item.owner.id);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!to || !reason.trim()) return setProblem(t(messages.transferNeedBoth));
    setProblem(null);
    const result = await transfer.run({ feedbackId: item.id, toStaffId: to, reason: reason.trim() });
    if (result) {
      setDone(t(messages.transferred, { name: result.transferComplaint.owner?.name ?? people.get(to) ?? "" }));
      setReason("");
      setTo("");
      await refetch();
    }
  }

  return (
    <Form className="step transfer" onSubmit={submit}>
      <h3>{t(messages.transfer)}</h3>
      <ErrorMessage error={manager.error ?? team.error} onRetry={() => { void manager.refetch(); void team.refetch(); }} />
      {people.size === 0 && manager.data && !team.loading ? <p>{t(messages.transferNobody)}</p> : (
        <>
          <label className="field">
            <span className="field-label">{t(messages.transferTo)}</span>
            <select value={to} onChange={(event) => setTo(event.target.value)}>
              <option value="">{t(messages.choosePerson)}</option>
              {[...people].map(([id, name]) => <option key={id} value={id}>{name}</option>)}
            </select>
          </label>
          <TextField className="field" value={reason} onChange={setReason} maxLength={500}>
            <Label>{t(messages.transferReason)}</Label>
            <TextArea rows={2} />
            <Text slot="description">{t(messages.transferReasonHelp)}</Text>
          </TextField>
          {problem && <p className="form-problem" role="alert">{problem}</p>}
          <ErrorMessage error={transfer.error} />
          <Button type="submit" variant="secondary" isDisabled={transfer.pending}>{t(messages.transferButton)}</Button>
        </>
      )}
      {done && <p role="status" className="step-done"><span aria-hidden="true">✓ </span>{done}</p>}
    </Form>
  );
}

function Reopen({ item, refetch }: { item: Item; refetch: () => Promise<void> }) {
  const { t } = useI18n();
  const reopen = useStep(ReopenComplaint);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) return setProblem(t(messages.reopenNeedReason));
    setProblem(null);
    if (await reopen.run({ feedbackId: item.id, reason: reason.trim() })) {
      setReason("");
      await refetch();
    }
  }
  return (
    <Form className="step transfer" onSubmit={submit}>
      <h3>{t(messages.reopen)}</h3>
      <TextField className="field" value={reason} onChange={(value) => { setReason(value); setProblem(null); }} maxLength={500}>
        <Label>{t(messages.reopenReason)}</Label>
        <TextArea rows={2} />
        <Text slot="description">{t(messages.reopenHelp)}</Text>
      </TextField>
      {problem && <p className="form-problem" role="alert">{problem}</p>}
      <ErrorMessage error={reopen.error} />
      <Button type="submit" variant="secondary" isDisabled={reopen.pending}>{t(messages.reopenButton)}</Button>
    </Form>
  );
}

function Replies({ item, refetch }: { item: Item; refetch: () => Promise<void> }) {
  const { t, dateTime } = useI18n();
  const reply = useStep(ReplyToFeedback);
  const [body, setBody] = useState("");
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) return;
    if (await reply.run({ feedbackId: item.id, body: body.trim() })) {
      setBody("");
      await refetch();
    }
  }
  return (
    <section className="card" aria-labelledby="replies">
      <h2 id="replies">{t(messages.replies)}</h2>
      {item.replies.length > 0 && (
        <ol className="replies">
          {item.replies.map((entry) => (
            <li key={entry.id}>
              <p className="reply-meta">{t(messages.replyBy, { name: entry.author?.name ?? t(messages.someone), date: dateTime(entry.sentAt) })}</p>
              <p className="reply-body">{entry.body}</p>
            </li>
          ))}
        </ol>
      )}
      <Form className="step" onSubmit={submit}>
        <TextField className="field" value={body} onChange={setBody} maxLength={4000}>
          <Label>{t(messages.replyLabel)}</Label>
          <TextArea rows={3} />
          <Text slot="description">{t(messages.replyHint)}</Text>
        </TextField>
        <ErrorMessage error={reply.error} />
        <Button type="submit" variant="secondary" isDisabled={reply.pending || !body.trim()}>{t(messages.sendReply)}</Button>
      </Form>
    </section>
  );
}

function SurveyStatus({ survey }: { survey: Item["survey"] }) {
  const { t, dateTime, date } = useI18n();
  return (
    <section className="card" aria-labelledby="survey">
      <h2 id="survey">{t(messages.survey)}</h2>
      {!survey && <p>{t(messages.surveyPending)}</p>}
      {survey && (
        <ul className="facts">
          <li><strong>{t(surveyStateNames[survey.state])}</strong></li>
          <li>{t(surveyDeliveryNames[survey.delivery])}</li>
          {survey.emailedAt && <li>{t(messages.emailedAt, { date: dateTime(survey.emailedAt) })}</li>}
          {survey.answeredAt && <li>{t(messages.answeredAt, { date: dateTime(survey.answeredAt) })}</li>}
          {survey.state === "OPEN" && <li>{t(messages.expiresAt, { date: date(survey.expiresAt) })}</li>}
        </ul>
      )}
    </section>
  );
}

function Points({ id, settled }: { id: string; settled: boolean }) {
  const { t, locale } = useI18n();
  // after a resolution the workers write the pending lines, and a loyal customer's answer confirms them: watch until then
  const [waiting, setWaiting] = useState(true);
  const points = useQuery(MyComplaintPoints, { locale: locale === "et" ? "ET" : "EN" }, { pollMs: settled && waiting ? 5000 : undefined });
  const lines = complaintPoints(points.data?.myRecognition.history.items ?? [], id);
  const anyPending = lines.some((line) => line.state === "PENDING");
  const allSettled = lines.length > 0 && !anyPending;
  useEffect(() => setWaiting(!allSettled), [allSettled]);
  return (
    <section className="card" aria-labelledby="points">
      <h2 id="points">{t(messages.points)}</h2>
      <ErrorMessage error={points.error} onRetry={() => void points.refetch()} />
      {points.data && lines.length === 0 && <p>{t(messages.pointsNone)}</p>}
      {lines.length > 0 && (
        <ul className="points-lines">
          {lines.map((line) => (
            <li key={line.id} className={`points-${line.state.toLowerCase()}`}>
              <span>{line.ruleLabel}</span>
              <span className="points-value">
                {t(messages.pointsLine, { count: line.points })} · <span className="points-state">{t(pointStateNames[line.state])}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {anyPending && <p className="step-help">{t(messages.pendingHelp)}</p>}
    </section>
  );
}

function History({ data }: { data: ComplaintQuery }) {
  const { t, dateTime } = useI18n();
  if (data.complaintHistory.length === 0) return null;
  return (
    <section className="card" aria-labelledby="history">
      <h2 id="history">{t(messages.history)}</h2>
      <ol className="history">
        {data.complaintHistory.map((step, index) => (
          <li key={index}>
            <span className="history-when">{dateTime(step.at)}</span>
            <span>
              {t(messages.historyLine, { actor: step.actor?.name ?? t(messages.someone), action: t(actionNames[step.action]) })}
              {step.action === "CATEGORISE" && step.toCategory && `: ${t(categoryNames[step.toCategory])}`}
              {step.action === "TRANSFER" && step.toOwner && ` ${t(messages.historyTo, { name: step.toOwner.name })}`}
            </span>
            {step.reason && <span className="history-reason">{t(messages.historyReason, { reason: step.reason })}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
