// My recognition: points confirmed and pending with the rule and source of each line, badges with their Open Badges
// credential to share, the praise and complaints about me, my leaderboards and the opt-out from showing my name.
import { useMemo, useRef, useState } from "react";
import { Label, Radio, RadioGroup, Switch } from "react-aria-components";
import { BadgeCredential, Leaderboard, MyFeedback, MyRecognition, SetMyLeaderboardVisibility } from "../../graphql/documents";
import type { LeaderboardPeriod, LeaderboardQuery, LeaderboardScope, MyFeedbackQuery, MyRecognitionQuery } from "../../graphql/types";
import { newClientMutationId, request } from "../../lib/api";
import { useMutation, useQuery } from "../../lib/hooks";
import { useI18n, type Message } from "../../lib/i18n";
import { Button } from "../../components/ui/Button";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { Loading } from "../../components/ui/Loading";
import { Page } from "../../components/ui/Page";
import { ProgressBar } from "../../components/ui/ProgressBar";
import { Stat, StatGrid } from "../../components/ui/Stat";
import { ledgerLines } from "./ledger";
import { messages } from "./messages";
import "./recognition.css";

type Data = MyRecognitionQuery;
type FeedbackItem = MyFeedbackQuery["feedback"]["items"][number];
type Badge = Data["myRecognition"]["badges"][number];
type Line = Data["myRecognition"]["history"]["items"][number];

/** A message by a key the API sends (a rule, a kind, a channel), or null for a key this app does not know yet. */
function keyed(prefix: string, key: string | null | undefined): Message | null {
  if (!key) return null;
  return (messages as Record<string, Message>)[`${prefix}_${key}`] ?? null;
}

export default function Recognition() {
  const { t, locale } = useI18n();
  const { data, error, loading, refetch } = useQuery(MyRecognition, { locale: locale === "et" ? "ET" : "EN" });
  const feedback = useQuery(MyFeedback, {});
  const mine = feedback.data;
  return (
    <Page title={t(messages.title)}>
      {((loading && !data) || (feedback.loading && !mine)) && !error && <Loading />}
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {data && (mine || feedback.error) && (
        <div className="recognition-screen">
          <Points data={data} />
          <Ledger data={data} feedbackItems={mine?.feedback.items ?? []} />
          <Badges badges={data.myRecognition.badges} />
          <ErrorMessage error={feedback.error} onRetry={() => void feedback.refetch()} />
          {mine && <AboutMe items={mine.feedback.items.filter((item) => item.subjects.some((subject) => subject.id === mine.me.id))} />}
          <Leaderboards showName={data.myRecognition.showNameOnLeaderboards} onVisibilityChanged={refetch} />
        </div>
      )}
    </Page>
  );
}

function Points({ data }: { data: Data }) {
  const { t } = useI18n();
  const mine = data.myRecognition;
  const points = (count: number) => t(messages.points, { count });
  return (
    <StatGrid label={t(messages.summary)} labelId="points-title">
      <Stat title={t(messages.confirmed)} value={points(mine.points)} testId="confirmed-points">
        <p className="stat-note">{t(messages.thisWeek)}: {points(mine.pointsThisWeek)}</p>
        <p className="stat-note">{t(messages.thisMonth)}: {points(mine.pointsThisMonth)}</p>
      </Stat>
      <Stat title={t(messages.pending)} value={points(mine.pendingPoints)} testId="pending-points">
        <p className="stat-note">{t(messages.pendingHint)}</p>
      </Stat>
      <Stat title={t(messages.level, { level: mine.level })} wide>
        <ProgressBar label={t(messages.levelBar)} value={Math.max(mine.points, 0)} max={Math.max(mine.pointsForNextLevel, 1)}
          valueText={`${mine.points} / ${mine.pointsForNextLevel}`} />
        <p className="stat-note">{t(messages.toNext, { count: points(Math.max(mine.pointsForNextLevel - mine.points, 0)) })}</p>
      </Stat>
    </StatGrid>
  );
}

function Ledger({ data, feedbackItems }: { data: Data; feedbackItems: FeedbackItem[] }) {
  const { t } = useI18n();
  const lines = useMemo(() => ledgerLines(data.myRecognition.history.items), [data]);
  const feedback = useMemo(() => new Map(feedbackItems.map((item) => [item.id, item])), [feedbackItems]);
  const waiting = lines.filter((line) => line.state === "PENDING");
  const earned = lines.filter((line) => line.state !== "PENDING");
  const list = (items: Line[], id: string) => (
    <ul className="ledger" data-testid={id}>
      {items.map((line) => <LedgerRow key={line.id} line={line} source={line.feedbackId ? feedback.get(line.feedbackId) : undefined} />)}
    </ul>
  );
  return (
    <section aria-labelledby="ledger-title" className="card">
      <h2 id="ledger-title">{t(messages.history)}</h2>
      {lines.length === 0 && <p>{t(messages.noEntries)}</p>}
      {waiting.length > 0 && <><h3>{t(messages.waiting)}</h3>{list(waiting, "ledger-pending")}</>}
      {earned.length > 0 && <><h3>{t(messages.earned)}</h3>{list(earned, "ledger-earned")}</>}
      <PointRules rules={data.pointRules} />
    </section>
  );
}

function LedgerRow({ line, source }: { line: Line; source?: FeedbackItem }) {
  const { t, date } = useI18n();
  const state = line.state.toLowerCase() as "pending" | "confirmed" | "reversed";
  const counted = line.state !== "REVERSED";
  const sign = line.points > 0 ? "+" : line.points < 0 ? "−" : "";
  return (
    <li className={`ledger-line ledger-${state}`} data-rule={line.rule} data-state={state}>
      <span className={`ledger-points${counted ? "" : " ledger-void"}`}>
        {t(messages.signedPoints, { sign, value: Math.abs(line.points) })}
      </span>
      <div className="ledger-text">
        <p className="ledger-rule">{line.ruleLabel}</p>
        <p className="stat-note">{t(messages.source, { source: sourceText(t, date, line, source) })}</p>
        <p className="stat-note">
          <span className={`state-chip state-${state}`}>{t(messages[`state_${state}`])}</span>{" "}
          {date(line.createdAt, { day: "numeric", month: "long" })}
        </p>
      </div>
    </li>
  );
}

/** What earned the line (the server's sourceKind), where and when if this view shows the feedback, and its reference. */
function sourceText(t: ReturnType<typeof useI18n>["t"], date: ReturnType<typeof useI18n>["date"], line: Line, item?: FeedbackItem): string {
  const what = t(messages[`sourceKind_${line.sourceKind}`]);
  const channel = item ? keyed("channel", item.channel) : null;
  const where = item
    ? t(messages.sourceAt, { what, channel: channel ? t(channel) : item.channel.toLowerCase(), date: date(item.receivedAt, { day: "numeric", month: "long" }) })
    : what;
  return line.feedbackReference ? t(messages.sourceReference, { source: where, reference: line.feedbackReference }) : where;
}

function PointRules({ rules }: { rules: Data["pointRules"] }) {
  const { t } = useI18n();
  if (rules.length === 0) return null;
  return (
    <details className="point-rules">
      <summary>{t(messages.rulesTitle)}</summary>
      <ul data-testid="point-rules">
        {rules.map((rule) => (
          <li key={rule.key} data-rule={rule.key}>
            <span>{rule.label}</span>
            <span className="point-rules-value">
              {t(messages.points, { count: rule.points })}
              {rule.dailyCap !== null && <span className="stat-note"> · {t(messages.dailyCap, { count: rule.dailyCap })}</span>}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function Badges({ badges }: { badges: Badge[] }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="badges-title" className="card">
      <h2 id="badges-title">{t(messages.badges)}</h2>
      {badges.length === 0 ? <p>{t(messages.noBadges)}</p> : (
        <ul className="badges">{badges.map((badge) => <BadgeCard key={badge.id} badge={badge} />)}</ul>
      )}
    </section>
  );
}

function BadgeCard({ badge }: { badge: Badge }) {
  const { t, date } = useI18n();
  const [credential, setCredential] = useState<{ jwt: string; url: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [copied, setCopied] = useState(false);
  const title = keyed("badge", badge.key);
  const text = keyed("badgeText", badge.key);

  const fetchCredential = async () => {
    setPending(true);
    setError(null);
    try {
      const { badgeCredential } = await request(BadgeCredential, { badgeId: badge.id });
      const url = URL.createObjectURL(new Blob([badgeCredential.jwt], { type: "application/vc+jwt" }));
      setCredential({ jwt: badgeCredential.jwt, url });
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };
  const copy = async () => {
    if (!credential) return;
    await navigator.clipboard?.writeText(credential.jwt).catch(() => undefined);
    setCopied(true);
  };
  return (
    <li className="badge" data-badge={badge.key}>
      <span className="badge-medal" aria-hidden="true">★</span>
      <div>
        <h3>{title ? t(title) : badge.title}</h3>
        <p>{text ? t(text) : badge.description}</p>
        <p className="stat-note">{t(messages.awardedOn, { date: date(badge.awardedAt) })}</p>
        {!credential && (
          <Button variant="secondary" onPress={() => void fetchCredential()} isDisabled={pending}>
            {pending ? t(messages.preparing) : t(messages.share)}
          </Button>
        )}
        <ErrorMessage error={error} onRetry={() => void fetchCredential()} />
        {credential && (
          <div className="badge-share">
            <p className="stat-note">{t(messages.shareHint)}</p>
            <a className="button button-primary button-link" href={credential.url} download={`${badge.key}.jwt`}>{t(messages.download)}</a>
            <Button variant="quiet" onPress={() => void copy()}>{t(messages.copy)}</Button>
            {copied && <span role="status">{t(messages.copied)}</span>}
          </div>
        )}
      </div>
    </li>
  );
}

function AboutMe({ items }: { items: FeedbackItem[] }) {
  const { t, date } = useI18n();
  return (
    <section aria-labelledby="about-title" className="card">
      <h2 id="about-title">{t(messages.aboutMe)}</h2>
      {items.length === 0 ? <p>{t(messages.noFeedback)}</p> : (
        <ul className="about-me">
          {items.map((item) => {
            const kind = keyed("kindTitle", item.kind);
            const channel = keyed("channel", item.channel);
            const status = keyed("status", item.status);
            const category = keyed("category", item.category);
            return (
              <li key={item.id} className={`feedback-card feedback-${item.kind.toLowerCase()}`} data-kind={item.kind}>
                <p className="feedback-head">
                  <strong>{kind ? t(kind) : item.kind}</strong>{" "}
                  <span className="stat-note">
                    {[channel ? t(channel) : null, date(item.receivedAt, { day: "numeric", month: "long" }),
                      status ? t(status) : null, category ? t(category) : null,
                      item.rating !== null ? t(messages.rating, { value: item.rating }) : null].filter(Boolean).join(" · ")}
                  </span>
                </p>
                {item.body && <blockquote>{item.body}</blockquote>}
                {item.companyValue && <p className="stat-note">{t(messages.value, { value: item.companyValue })}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

const SCOPES: readonly LeaderboardScope[] = ["TEAM", "ROLE_FAMILY", "ORGANISATION"];
const PERIODS: readonly LeaderboardPeriod[] = ["WEEK", "MONTH"];

function Leaderboards({ showName, onVisibilityChanged }: { showName: boolean; onVisibilityChanged: () => Promise<void> }) {
  const { t } = useI18n();
  const [scope, setScope] = useState<LeaderboardScope>("TEAM");
  const [period, setPeriod] = useState<LeaderboardPeriod>("WEEK");
  const [nearMe, setNearMe] = useState(false);
  const board = useQuery(Leaderboard, { period, scope, nearMe });
  const visibility = useMutation(SetMyLeaderboardVisibility);
  const clientMutationId = useRef<{ showName: boolean; id: string } | null>(null);

  const setVisibility = async (next: boolean) => {
    // the same id for a retry of the same choice, a new one for a new choice
    if (clientMutationId.current?.showName !== next) clientMutationId.current = { showName: next, id: newClientMutationId() };
    try {
      await visibility.mutate({ input: { showName: next, clientMutationId: clientMutationId.current.id } });
      await Promise.all([onVisibilityChanged(), board.refetch()]);
    } catch {
      // shown by <ErrorMessage>
    }
  };
  const shown = visibility.data?.setMyLeaderboardVisibility.showName ?? showName;

  return (
    <section aria-labelledby="boards-title" className="card">
      <h2 id="boards-title">{t(messages.boards)}</h2>
      <div className="board-controls">
        <RadioGroup className="segmented" orientation="horizontal" value={scope} onChange={(value) => setScope(value as LeaderboardScope)}>
          <Label className="segmented-label">{t(messages.scope)}</Label>
          <div className="segmented-options">
            {SCOPES.map((value) => <Radio key={value} value={value} className="segmented-option">{t(messages[`scope_${value}`])}</Radio>)}
          </div>
        </RadioGroup>
        <RadioGroup className="segmented" orientation="horizontal" value={period} onChange={(value) => setPeriod(value as LeaderboardPeriod)}>
          <Label className="segmented-label">{t(messages.period)}</Label>
          <div className="segmented-options">
            {PERIODS.map((value) => <Radio key={value} value={value} className="segmented-option">{t(messages[`period_${value}`])}</Radio>)}
          </div>
        </RadioGroup>
        <Switch className="switch" isSelected={nearMe} onChange={setNearMe}>
          <span className="switch-track" aria-hidden="true"><span className="switch-thumb" /></span>
          {t(messages.nearMe)}
        </Switch>
      </div>
      <ErrorMessage error={board.error} onRetry={() => void board.refetch()} />
      {board.loading && !board.data && <Loading />}
      {board.data && <BoardTable board={board.data.leaderboard} showName={shown} />}
      <div className="visibility">
        <Switch className="switch" isSelected={shown} onChange={(next) => void setVisibility(next)} isDisabled={visibility.pending}>
          <span className="switch-track" aria-hidden="true"><span className="switch-thumb" /></span>
          {t(messages.visibility)}
        </Switch>
        <p className="stat-note">{t(messages.visibilityHint)}</p>
        <p className="stat-note" role="status">{shown ? t(messages.visibilityOn) : t(messages.visibilityOff)}</p>
        <ErrorMessage error={visibility.error} onRetry={() => void setVisibility(!shown)} />
      </div>
    </section>
  );
}

function BoardTable({ board, showName }: { board: LeaderboardQuery["leaderboard"]; showName: boolean }) {
  const { t, date } = useI18n();
  const last = new Date(new Date(board.endsAt).getTime() - 1);
  const hiddenToPeers = !showName && board.scope !== "TEAM";
  return (
    <div className="board" data-testid="leaderboard">
      <p className="stat-note">
        {t(messages.boardRange, { from: date(board.startsAt, { day: "numeric", month: "long", timeZone: "UTC" }),
          to: date(last, { day: "numeric", month: "long", timeZone: "UTC" }) })}
        {" · "}{t(messages.onBoard, { count: board.total })}
      </p>
      {board.me && (
        <p data-testid="my-rank"><strong>{t(messages.myRank, { rank: board.me.rank, points: t(messages.points, { count: board.me.points }) })}</strong></p>
      )}
      <table className="board-table">
        <caption className="visually-hidden">{t(messages[`scope_${board.scope}`])}, {t(messages[`period_${board.period}`])}</caption>
        <thead>
          <tr><th scope="col">{t(messages.rank)}</th><th scope="col">{t(messages.name)}</th><th scope="col" className="numeric">{t(messages.boardPoints)}</th></tr>
        </thead>
        <tbody>
          {board.entries.map((entry, index) => (
            <tr key={`${entry.rank}-${index}`} className={entry.isMe ? "board-me" : undefined} aria-current={entry.isMe ? "true" : undefined}>
              <td>{entry.rank}.</td>
              <td className={entry.nameHidden ? "board-hidden" : undefined}>
                {entry.name}
                {entry.isMe && <> {t(messages.you)}</>}
                {entry.isMe && hiddenToPeers && <span className="stat-note"> ({t(messages.hiddenFromPeers)})</span>}
              </td>
              <td className="numeric">{entry.points}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
