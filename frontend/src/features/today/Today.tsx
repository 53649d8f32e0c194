// Today: the day's 15-minute plan (the lesson's cards, the scenario, the quiz, review items) one step at a time, with
// immediate feedback, then a finish screen that celebrates. The state is kept per employee and local day
// (lesson-flow.ts), so a reload carries on at the same step; the last plan is kept too, so the screen opens offline.
// Answers and the completion made offline wait in the outbox (lib/offline-queue.ts) with their clientMutationId and
// are sent once when the network is back; the finish screen then reads the figures the server counted.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  AnswerItem, CompleteLesson, LessonSession, StartLesson, Today as TodayQuery, TodayBadges,
} from "../../graphql/documents";
import type { TodayBadgesQuery, TodayQuery as TodayResult } from "../../graphql/types";
import { ApiError, NetworkError, newClientMutationId, request } from "../../lib/api";
import { apiLocale, initialLocale, useI18n, type Locale } from "../../lib/i18n";
import { session } from "../../lib/session";
import { offlineQueue } from "../../lib/offline-queue";
import { Page } from "../../components/ui/Page";
import { Loading } from "../../components/ui/Loading";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { ProgressBar } from "../../components/ui/ProgressBar";
import { Button } from "../../components/ui/Button";
import { useMe } from "../../app/session-context";
import {
  advance, back, cachedPlan, cachePlan, finishSummary, hasQueued, isDone, knownXp, loadState, localDate, newLessonState,
  planProgress, reconcile, recordAnswer, saveState, stepsOf,
  type Completion, type Confidence, type LessonState, type Plan,
} from "./lesson-flow";
import { CardStep, ItemStep } from "./steps";
import { messages } from "./messages";
import "./today.css";

type Progress = Plan["progress"];
type Figures = { passed: boolean; correct: number; total: number; progress: Progress };
type Badge = TodayBadgesQuery["myRecognition"]["badges"][number];

// Today's plan leaves with the app's first request (beside Me), not after it: one round trip less before Today shows
// on a slow network. Used once, by the first load in the same language.
let early: { locale: Locale; promise: Promise<TodayResult> } | null = null;
if (typeof window !== "undefined" && session.token()) {
  const locale = initialLocale();
  const promise = request(TodayQuery, { l: apiLocale(locale) });
  promise.catch(() => undefined); // its error is the screen's to show, if the screen asks for it
  early = { locale, promise };
}

function fetchToday(locale: Locale): Promise<TodayResult> {
  const first = early;
  early = null;
  if (first && first.locale === locale) return first.promise;
  return request(TodayQuery, { l: apiLocale(locale) });
}

export function Today() {
  const me = useMe();
  const { t, locale } = useI18n();
  const date = useMemo(() => localDate(), []);
  const [plan, setPlan] = useState<Plan | null>(() => cachedPlan(localStorage, me.id, date));
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<LessonState | null>(() => loadState(localStorage, me.id, date));
  const stateRef = useRef(state);
  stateRef.current = state;
  // the person moved between steps (rather than opened the page): the new step takes the focus
  const moved = useRef(false);
  const go = (next: LessonState) => {
    moved.current = true;
    setState(next);
  };

  useEffect(() => {
    if (state) saveState(localStorage, state);
  }, [state]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const { today } = await fetchToday(locale);
      cachePlan(localStorage, me.id, today, locale);
      let kept = reconcile(stateRef.current, today.session, today.lesson?.cards ?? []);
      if (!kept && today.session && !today.session.completedAt) {
        // started on another device, or this browser forgot: carry on with the session's own items
        const { lessonSession } = await request(LessonSession, { id: today.session.id, l: apiLocale(locale) });
        kept = newLessonState({
          employeeId: me.id, date, lessonId: lessonSession.lesson.id, sessionId: lessonSession.id,
          startClientMutationId: newClientMutationId(), items: lessonSession.items, reviewItems: today.reviewItems,
          xpAtStart: today.progress.xp, levelAtStart: today.progress.level, startedAt: lessonSession.startedAt,
        });
      }
      setPlan(today);
      setState(kept);
      setLoadError(null);
    } catch (error) {
      setLoadError(error);
    } finally {
      setLoading(false);
    }
  }, [locale, me.id, date]);

  useEffect(() => {
    void load();
  }, [load]);

  // The outbox sent this lesson's answers or completion: mark them sent, and read the figures the server counted.
  useEffect(() => {
    const queue = offlineQueue();
    const check = () => {
      const current = stateRef.current;
      if (!current || !hasQueued(current)) return;
      const waiting = new Set(queue.pending().map((entry) => entry.clientMutationId));
      const answers = Object.fromEntries(Object.entries(current.answers).map(([id, answer]) =>
        [id, answer.queued && !waiting.has(answer.clientMutationId) ? { ...answer, queued: false } : answer]));
      const completion = current.completion?.queued && !waiting.has(current.completion.clientMutationId)
        ? { ...current.completion, queued: false } : current.completion;
      const changed = completion !== current.completion
        || Object.keys(answers).some((id) => answers[id] !== current.answers[id]);
      if (!changed) return;
      const next = { ...current, answers, completion };
      stateRef.current = next; // load() below reconciles from this one, not the last render's
      setState(next);
      if (!hasQueued(next)) void load();
    };
    check();
    const unsubscribe = queue.subscribe(check);
    // a gateway that was down while the browser stayed "online": try again now and then
    const timer = setInterval(() => {
      if (navigator.onLine && stateRef.current && hasQueued(stateRef.current)) void queue.flush();
    }, 15000);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [load]);

  const cards = plan?.lesson?.cards ?? [];
  const steps = useMemo(() => (state ? stepsOf(state, cards) : []), [state, cards]);
  const step = state ? steps[state.step] : undefined;

  const start = async () => {
    if (!plan) return;
    setActionError(null);
    const base = {
      employeeId: me.id, date, lessonId: plan.lesson?.id ?? null, reviewItems: plan.reviewItems,
      xpAtStart: plan.progress.xp, levelAtStart: plan.progress.level,
    };
    if (!plan.lesson) {
      go(newLessonState({ ...base, sessionId: null, startClientMutationId: "", items: [], startedAt: new Date().toISOString() }));
      return;
    }
    const clientMutationId = newClientMutationId();
    setBusy(true);
    try {
      const { startLesson } = await request(StartLesson, { i: { lessonId: plan.lesson.id, clientMutationId } });
      go(newLessonState({
        ...base, sessionId: startLesson.id, startClientMutationId: clientMutationId, items: startLesson.items,
        startedAt: startLesson.startedAt,
      }));
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  const answer = async (itemId: string, review: boolean, choice: number, confidence: Confidence | null) => {
    const current = stateRef.current;
    if (!current || current.answers[itemId]) return;
    setActionError(null);
    const clientMutationId = newClientMutationId();
    const variables = {
      i: { itemId, choice, confidence, sessionId: review ? null : current.sessionId, clientMutationId },
    };
    const queue = offlineQueue();
    const keep = (result: Answer["result"], queued: boolean) =>
      setState((s) => (s ? recordAnswer(s, itemId, { choice, confidence, clientMutationId, result, queued }) : s));
    if (!navigator.onLine) {
      queue.enqueue(AnswerItem, variables, clientMutationId);
      keep(null, true);
      return;
    }
    setBusy(true);
    try {
      const { answerItem } = await request(AnswerItem, variables);
      keep(answerItem, false);
    } catch (error) {
      if (error instanceof NetworkError) {
        queue.enqueue(AnswerItem, variables, clientMutationId);
        keep(null, true);
      } else if (error instanceof ApiError && error.code === "ALREADY_ANSWERED") {
        keep(null, false);
      } else {
        setActionError(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const complete = useCallback(async () => {
    const current = stateRef.current;
    if (!current || current.completion?.result || current.completion?.queued) return;
    setActionError(null);
    if (!current.sessionId) {
      // review items only: the server counted the day with the last answer
      setState({ ...current, completion: { clientMutationId: "", queued: false, result: null } });
      void load();
      return;
    }
    const clientMutationId = current.completion?.clientMutationId ?? newClientMutationId();
    const variables = { i: { sessionId: current.sessionId, clientMutationId } };
    const queue = offlineQueue();
    const queued = () => {
      queue.enqueue(CompleteLesson, variables, clientMutationId);
      setState((s) => (s ? { ...s, completion: { clientMutationId, queued: true, result: null } } : s));
      void queue.flush();
    };
    // answers still in the outbox go first: the completion waits behind them
    if (!navigator.onLine || hasQueued(current) || queue.pending().length > 0) {
      queued();
      return;
    }
    setState({ ...current, completion: { clientMutationId, queued: false, result: null } });
    setBusy(true);
    try {
      const { completeLesson } = await request(CompleteLesson, variables);
      setState((s) => (s ? { ...s, completion: { clientMutationId, queued: false, result: completeLesson } } : s));
    } catch (error) {
      if (error instanceof NetworkError) queued();
      else if (error instanceof ApiError && error.code === "SESSION_COMPLETED") void load();
      else setActionError(error);
    } finally {
      setBusy(false);
    }
  }, [load]);

  const onFinish = step?.kind === "finish";
  useEffect(() => {
    if (onFinish && !stateRef.current?.completion) void complete();
  }, [onFinish, complete]);

  const figures = finishFigures(state, plan);
  const badges = useNewBadges(figures ? state?.startedAt ?? null : null);

  // the figures above the lesson: the ones the finish screen's "gained" adds up to
  const progressNow: Progress | null = figures?.progress ?? (plan ? {
    ...plan.progress,
    xp: state ? Math.max(plan.progress.xp, state.xpAtStart + knownXp(state)) : plan.progress.xp,
  } : null);

  if (!plan) {
    return (
      <Page title={t(messages.title)}>
        {loading && !loadError && <Loading />}
        <ErrorMessage error={loadError} onRetry={() => void load()} />
      </Page>
    );
  }

  const doneToday = state ? state.acknowledged : plan.progress.doneToday || Boolean(plan.session?.completedAt);
  const nothing = !plan.lesson && plan.reviewItems.length === 0;
  const figuresBar = progressNow && <FiguresBar progress={progressNow} />;

  let body;
  if (doneToday) {
    body = (
      <div className="card today-done">
        <h2>{t(messages.doneTitle)}</h2>
        <p>{t(messages.doneBody)}</p>
        <p className="today-streak-line">{t(messages.streakLine, { count: progressNow?.streak ?? plan.progress.streak })}</p>
      </div>
    );
  } else if (nothing) {
    body = <div className="card"><h2>{t(messages.reasonNONE)}</h2><p>{t(messages.nothingToday)}</p></div>;
  } else if (!state || !step) {
    body = <PlanOverview plan={plan} onStart={() => void start()} busy={busy} />;
  } else {
    const stat = planProgress(steps, state.step, cards, plan.minutes, (s) => isDone(state, s));
    // "question 1 of 4": the scenario has its own heading, so the quiz counts without it
    const itemSteps = steps.filter((s) => s.kind === "item" && s.item.kind !== "SCENARIO");
    body = (
      <>
        <ProgressBar label={t(messages.planProgress)} value={stat.stepsDone} max={Math.max(stat.stepsTotal, 1)}
          valueText={t(messages.planValue, stat)} />
        <div className="today-step" key={state.step}>
          {step.kind === "card" && plan.lesson && (
            <CardStep card={cards[step.index]} n={step.index + 1} total={cards.length}
              focus={moved.current}
              onNext={() => go(advance(state, steps))} onBack={state.step > 0 ? () => go(back(state)) : undefined} />
          )}
          {step.kind === "item" && (
            <ItemStep item={step.item} review={step.review} n={itemSteps.indexOf(step) + 1} total={itemSteps.length}
              answer={state.answers[step.item.id]} busy={busy}
              onAnswer={(choice, confidence) => void answer(step.item.id, step.review, choice, confidence)}
              onNext={() => go(advance(state, steps))} focus={moved.current}
              isLast={state.step === steps.length - 2} />
          )}
          {step.kind === "finish" && (
            <FinishStep focus={moved.current} state={state} figures={figures} badges={badges} busy={busy}
              onSendNow={() => void offlineQueue().flush()}
              onDone={() => setState({ ...state, acknowledged: true })} />
          )}
        </div>
      </>
    );
  }

  return (
    <Page title={t(messages.title)}>
      <ErrorMessage error={loadError} onRetry={() => void load()} />
      {figuresBar}
      {body}
      <ErrorMessage error={actionError} onRetry={() => {
        setActionError(null);
        if (!state) void start();
        else if (step?.kind === "finish") void complete();
      }} />
    </Page>
  );
}

type Answer = LessonState["answers"][string];

/** What the finish screen shows: the completion's own result, else what the server reports about today's session. */
function finishFigures(state: LessonState | null, plan: Plan | null): Figures | null {
  if (!state || !plan) return null;
  const result: Completion | null | undefined = state.completion?.result;
  if (result) return { passed: result.passed, correct: result.correctCount, total: result.itemCount, progress: result.progress };
  if (state.completion?.queued) return null;
  if (state.sessionId === null) {
    return state.completion ? { passed: true, correct: Object.values(state.answers).filter((a) => a.result?.correct).length,
      total: state.reviewItems.length, progress: plan.progress } : null;
  }
  if (plan.session?.id === state.sessionId && plan.session.completedAt) {
    return { passed: plan.session.passed, correct: plan.session.correctCount, total: state.items.length, progress: plan.progress };
  }
  return null;
}

/** Badges awarded since the lesson started (they arrive a few seconds after the completion). */
function useNewBadges(since: string | null): Badge[] {
  const [badges, setBadges] = useState<Badge[]>([]);
  useEffect(() => {
    if (!since) return;
    let tries = 0;
    let stopped = false;
    const look = async () => {
      tries += 1;
      try {
        const { myRecognition } = await request(TodayBadges);
        if (stopped) return;
        const fresh = myRecognition.badges.filter((badge) => badge.awardedAt >= since);
        setBadges(fresh);
        if (fresh.length === 0 && tries < 4) timer = setTimeout(() => void look(), 3000);
      } catch {
        // a badge is a bonus: the finish screen stands without it
      }
    };
    let timer = setTimeout(() => void look(), 1500);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [since]);
  return badges;
}

function FiguresBar({ progress }: { progress: Progress }) {
  const { t, number } = useI18n();
  return (
    <dl className="today-figures" aria-label={t(messages.figures)}>
      <div><dt>{t(messages.streak)}</dt><dd data-figure="streak">{t(messages.days, { count: progress.streak })}</dd></div>
      <div><dt>{t(messages.totalXp)}</dt><dd data-figure="xp">{number(progress.xp)}</dd></div>
      <div><dt>{t(messages.level)}</dt><dd data-figure="level">{number(progress.level)}</dd></div>
    </dl>
  );
}

function PlanOverview({ plan, onStart, busy }: { plan: Plan; onStart: () => void; busy: boolean }) {
  const { t } = useI18n();
  const lesson = plan.lesson;
  return (
    <div className="card today-plan">
      <p className="today-reason">{t(messages[`reason${plan.reason}` as const])} · {t(messages.minutes, { count: plan.minutes })}</p>
      <ProgressBar label={t(messages.planProgress)} value={0} max={1}
        valueText={t(messages.planMinutes, { minutesDone: 0, minutesTotal: plan.minutes })} />
      {lesson && (
        <>
          <h2>{lesson.title}</h2>
          <p>{lesson.summary}</p>
          <h3>{t(messages.cardsHeading)}</h3>
          <ol className="today-cards">
            {lesson.cards.map((card) => (
              <li key={card.title}><span>{card.title}</span> <span className="today-muted">{t(messages.minutes, { count: card.minutes })}</span></li>
            ))}
          </ol>
        </>
      )}
      {plan.reviewItems.length > 0 && <p>{t(messages.reviewCount, { count: plan.reviewItems.length })}</p>}
      <Button onPress={onStart} isDisabled={busy}>{plan.session && !plan.session.completedAt ? t(messages.resume) : t(messages.start)}</Button>
    </div>
  );
}

function FinishStep({ state, figures, badges, busy, onSendNow, onDone, focus }: {
  state: LessonState; figures: Figures | null; badges: Badge[]; busy: boolean; onSendNow: () => void; onDone: () => void;
  focus: boolean;
}) {
  const { t, number } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const waiting = figures === null;
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [focus, waiting]);
  if (state.completion?.queued) {
    return (
      <div className="card today-finish">
        <h2 ref={heading} tabIndex={-1}>{t(messages.finishTitle)}</h2>
        <p role="status">{t(messages.completionQueued)}</p>
        <Button variant="secondary" onPress={onSendNow}>{t(messages.sendNow)}</Button>
      </div>
    );
  }
  if (!figures) return busy ? <Loading /> : null;
  const { gained, levelledUp, toNextLevel } = finishSummary(state, figures.progress);
  return (
    <div className="card today-finish" data-testid="finish">
      <Burst />
      <h2 ref={heading} tabIndex={-1}>{t(messages.finishTitle)}</h2>
      <p>{figures.passed ? t(messages.finishPassed) : t(messages.finishNotPassed)}</p>
      {figures.total > 0 && <p>{t(messages.score, { correct: figures.correct, total: figures.total })}</p>}
      <dl className="today-finish-figures">
        <div><dt>{t(messages.gained)}</dt><dd data-figure="gained">{t(messages.xpGained, { count: gained })}</dd></div>
        <div><dt>{t(messages.streak)}</dt><dd data-figure="finish-streak">{t(messages.days, { count: figures.progress.streak })}</dd></div>
        <div><dt>{t(messages.totalXp)}</dt><dd data-figure="finish-xp">{number(figures.progress.xp)}</dd></div>
      </dl>
      {levelledUp && <p className="today-level-up">{t(messages.levelUp, { level: figures.progress.level })}</p>}
      <p className="today-muted">{t(messages.toNextLevel, { count: toNextLevel })}</p>
      {badges.map((badge) => (
        <p key={badge.id} className="today-badge">{t(messages.badgeEarned, { title: badge.title })}</p>
      ))}
      <Button onPress={onDone}>{t(messages.doneButton)}</Button>
    </div>
  );
}

/** The finish screen's celebration: a burst of the brand's colours (drawn, so no emoji font is needed). */
function Burst() {
  const rays = Array.from({ length: 12 }, (_, index) => index * 30);
  return (
    <svg className="today-burst" viewBox="0 0 100 100" width="88" height="88" aria-hidden="true" focusable="false">
      {rays.map((angle, index) => (
        <line key={angle} x1="50" y1="50" x2="50" y2={index % 2 ? 14 : 6} transform={`rotate(${angle} 50 50)`}
          stroke={index % 3 === 0 ? "#e0a100" : index % 3 === 1 ? "#0f5c4d" : "#3aa57f"} strokeWidth="5" strokeLinecap="round"
          strokeDasharray="0 22 40" />
      ))}
      <circle cx="50" cy="50" r="17" fill="#0f5c4d" />
      <path d="M42 50l6 6 11-13" fill="none" stroke="#fff" strokeWidth="5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
