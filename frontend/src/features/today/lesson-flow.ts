// Today's lesson as steps (the lesson's cards, then its items: the scenario first, then the quiz; then today's
// review items; then the finish), and the state that lets a reload carry on where it was: kept in localStorage per
// employee and local day, with every answer's clientMutationId so a resend can never count twice.
import type { AnswerItemMutation, CompleteLessonMutation, TodayQuery } from "../../graphql/types";

export type Plan = TodayQuery["today"];
export type Item = Plan["reviewItems"][number];
export type AnswerResult = AnswerItemMutation["answerItem"];
export type Completion = CompleteLessonMutation["completeLesson"];
export type Confidence = "UNSURE" | "FAIRLY_SURE" | "SURE";

export type Step =
  | { kind: "card"; index: number }
  | { kind: "item"; item: Item; review: boolean }
  | { kind: "finish" };

/** One answer: sent (result known), queued while offline (result comes with the sync), or answered elsewhere. */
export type Answer = {
  choice: number;
  confidence: Confidence | null;
  clientMutationId: string;
  result: AnswerResult | null;
  queued: boolean;
};

export type LessonState = {
  version: 1;
  employeeId: string;
  date: string;
  lessonId: string | null;
  /** Null for a day of review items only. */
  sessionId: string | null;
  startClientMutationId: string;
  items: Item[];
  reviewItems: Item[];
  step: number;
  answers: Record<string, Answer>;
  /** XP and level when the lesson started: the finish screen's "gained" is the difference to the figures after. */
  xpAtStart: number;
  levelAtStart: number;
  completion: { clientMutationId: string; queued: boolean; result: Completion | null } | null;
  /** The finish screen was seen: from then on Today shows the calm "done for today". */
  acknowledged: boolean;
  /** When the session started (badges awarded since then are this lesson's). */
  startedAt: string;
};

export type Store = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

const PREFIX = "serviceloop.today.";
const PLAN_PREFIX = "serviceloop.today-plan.";

/** The browser's local calendar day, YYYY-MM-DD. */
export function localDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const stateKey = (employeeId: string, date: string) => `${PREFIX}${employeeId}.${date}`;

export function buildSteps(cards: { minutes: number }[], items: Item[], reviewItems: Item[]): Step[] {
  return [
    ...cards.map((_, index) => ({ kind: "card" as const, index })),
    ...items.map((item) => ({ kind: "item" as const, item, review: false })),
    ...reviewItems.map((item) => ({ kind: "item" as const, item, review: true })),
    { kind: "finish" as const },
  ];
}

export function stepsOf(state: LessonState, cards: { minutes: number }[]): Step[] {
  return buildSteps(cards, state.items, state.reviewItems);
}

/** How far along the plan is: steps done of all (the finish not counted), and minutes done of the plan's. */
export function planProgress(steps: Step[], stepIndex: number, cards: { minutes: number }[], totalMinutes: number,
  done: (step: Step) => boolean) {
  const work = steps.filter((step) => step.kind !== "finish");
  const stepsDone = work.filter((step, index) => index < stepIndex || done(step)).length;
  const cardMinutes = cards.reduce((sum, card) => sum + card.minutes, 0);
  const questions = work.filter((step) => step.kind === "item").length;
  const perQuestion = questions ? Math.max(totalMinutes - cardMinutes, 0) / questions : 0;
  let minutesDone = 0;
  work.forEach((step, index) => {
    if (!(index < stepIndex || done(step))) return;
    minutesDone += step.kind === "card" ? cards[step.index]?.minutes ?? 0 : perQuestion;
  });
  return {
    stepsDone,
    stepsTotal: work.length,
    minutesDone: Math.min(Math.round(minutesDone), totalMinutes),
    minutesTotal: totalMinutes,
  };
}

export function newLessonState(args: {
  employeeId: string; date: string; lessonId: string | null; sessionId: string | null; startClientMutationId: string;
  items: Item[]; reviewItems: Item[]; xpAtStart: number; levelAtStart: number; startedAt: string;
}): LessonState {
  return { version: 1, step: 0, answers: {}, completion: null, acknowledged: false, ...args };
}

export function loadState(store: Store, employeeId: string, date: string): LessonState | null {
  try {
    const raw = store.getItem(stateKey(employeeId, date));
    if (!raw) return null;
    const state = JSON.parse(raw) as LessonState;
    if (state.version !== 1 || state.employeeId !== employeeId || state.date !== date) return null;
    return state;
  } catch {
    return null;
  }
}

/** Save today's state and forget the employee's earlier days (their answers were sent or are in the outbox). */
export function saveState(store: Store, state: LessonState): void {
  const mine = `${PREFIX}${state.employeeId}.`;
  const keep = stateKey(state.employeeId, state.date);
  for (let index = store.length - 1; index >= 0; index -= 1) {
    const key = store.key(index);
    if (key && key.startsWith(mine) && key !== keep) store.removeItem(key);
  }
  store.setItem(keep, JSON.stringify(state));
}

export function cachePlan(store: Store, employeeId: string, plan: Plan, locale: string): void {
  try {
    store.setItem(PLAN_PREFIX + employeeId, JSON.stringify({ plan, locale }));
  } catch {
    // a full storage only costs the offline copy
  }
}

/** The last plan fetched for this employee (today's only), to render while offline or loading. */
export function cachedPlan(store: Store, employeeId: string, date: string): Plan | null {
  try {
    const raw = store.getItem(PLAN_PREFIX + employeeId);
    const entry = raw ? (JSON.parse(raw) as { plan: Plan }) : null;
    return entry && entry.plan.date === date ? entry.plan : null;
  } catch {
    return null;
  }
}

export function isDone(state: LessonState, step: Step): boolean {
  return step.kind === "item" ? Boolean(state.answers[step.item.id]) : false;
}

/** The next step; an item's step moves on only once it is answered. */
export function advance(state: LessonState, steps: Step[]): LessonState {
  const current = steps[state.step];
  if (!current || current.kind === "finish") return state;
  if (current.kind === "item" && !state.answers[current.item.id]) return state;
  return { ...state, step: Math.min(state.step + 1, steps.length - 1) };
}

export function back(state: LessonState): LessonState {
  return { ...state, step: Math.max(state.step - 1, 0) };
}

export function recordAnswer(state: LessonState, itemId: string, answer: Answer): LessonState {
  return { ...state, answers: { ...state.answers, [itemId]: answer } };
}

/** XP this lesson is known to have earned so far: the answers sent and the completion. */
export function knownXp(state: LessonState): number {
  const answers = Object.values(state.answers).reduce((sum, answer) => sum + (answer.result?.xpGained ?? 0), 0);
  return answers + (state.completion?.result?.xpGained ?? 0);
}

/** Anything still waiting in the outbox for this lesson. */
export function hasQueued(state: LessonState): boolean {
  return Object.values(state.answers).some((answer) => answer.queued) || Boolean(state.completion?.queued);
}

/**
 * Bring the kept state in line with what the server says about today's session (another device, a sync that
 * happened while the app was closed): null when the kept state no longer applies.
 */
export function reconcile(state: LessonState | null, server: Plan["session"], cards: { minutes: number }[]): LessonState | null {
  if (!state) return null;
  if (!server) return state.sessionId === null || hasQueued(state) ? state : null;
  if (state.sessionId !== server.id) return hasQueued(state) ? state : null;
  if (server.completedAt && !state.completion?.result && !hasQueued(state)) {
    // completed elsewhere, or the outbox sent it: straight to the finish, with the server's figures
    return {
      ...state,
      step: stepsOf(state, cards).length - 1,
      completion: { clientMutationId: state.completion?.clientMutationId ?? "", queued: false, result: null },
    };
  }
  return state;
}

/** The finish screen's figures: XP gained is what the total moved since the start (so the two always agree). */
export function finishSummary(state: Pick<LessonState, "xpAtStart" | "levelAtStart">,
  progress: { xp: number; level: number; xpForNextLevel: number }) {
  return {
    gained: Math.max(progress.xp - state.xpAtStart, 0),
    levelledUp: progress.level > state.levelAtStart,
    toNextLevel: Math.max(progress.xpForNextLevel - progress.xp, 0),
  };
}
