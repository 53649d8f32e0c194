import { describe, expect, it } from "vitest";
import {
  advance, back, buildSteps, cachedPlan, cachePlan, finishSummary, hasQueued, knownXp, loadState, localDate, newLessonState,
  planProgress, reconcile, recordAnswer, saveState, stepsOf, type Item, type LessonState, type Plan, type Store,
} from "../../src/features/today/lesson-flow";

function memory(): Store & { keys: () => string[] } {
  const data = new Map<string, string>();
  return {
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
    key: (index) => [...data.keys()][index] ?? null,
    get length() {
      return data.size;
    },
    keys: () => [...data.keys()],
  };
}

const item = (id: string, kind: Item["kind"] = "QUIZ"): Item => ({ id, kind, context: null, question: id, options: ["a", "b"] });
const cards = [{ minutes: 3 }, { minutes: 2 }];

function started(overrides: Partial<LessonState> = {}): LessonState {
  return {
    ...newLessonState({
      employeeId: "e1", date: "2026-03-10", lessonId: "l1", sessionId: "s1", startClientMutationId: "c0",
      items: [item("scenario", "SCENARIO"), item("q1"), item("q2")], reviewItems: [item("r1")],
      xpAtStart: 40, levelAtStart: 1, startedAt: "2026-03-10T08:00:00Z",
    }),
    ...overrides,
  };
}

const answered = (xp: number, queued = false) => ({
  choice: 0, confidence: null, clientMutationId: `m${xp}`, queued,
  result: queued ? null : { itemId: "x", chosen: 0, correct: true, correctOption: 0, explanation: "", confidence: null, misconception: false, xpGained: xp },
});

describe("today's steps", () => {
  it("are the cards, then the scenario and the quiz, then the review items, then the finish", () => {
    const steps = stepsOf(started(), cards);
    expect(steps.map((step) => (step.kind === "item" ? step.item.id : step.kind === "card" ? `card${step.index}` : step.kind)))
      .toEqual(["card0", "card1", "scenario", "q1", "q2", "r1", "finish"]);
    expect(steps.find((step) => step.kind === "item" && step.item.id === "r1")).toMatchObject({ review: true });
  });

  it("move on from a card at once, from an item only once it is answered, and never past the finish", () => {
    let state = started();
    const steps = stepsOf(state, cards);
    state = advance(advance(state, steps), steps);
    expect(state.step).toBe(2);
    expect(advance(state, steps).step).toBe(2);
    state = recordAnswer(state, "scenario", answered(5));
    expect(advance(state, steps).step).toBe(3);
    expect(back(state).step).toBe(1);
    const last = { ...state, step: steps.length - 1 };
    expect(advance(last, steps)).toBe(last);
  });

  it("count progress in steps and in minutes of the plan", () => {
    const state = recordAnswer({ ...started(), step: 2 }, "scenario", answered(5));
    const steps = stepsOf(state, cards);
    const stat = planProgress(steps, state.step, cards, 13, (step) => step.kind === "item" && Boolean(state.answers[step.item.id]));
    // two cards (5 min) and one of four questions ((13 - 5) / 4 = 2 min)
    expect(stat).toEqual({ stepsDone: 3, stepsTotal: 6, minutesDone: 7, minutesTotal: 13 });
    expect(buildSteps([], [], []).map((step) => step.kind)).toEqual(["finish"]);
  });

  it("add up the XP known so far and tell what still waits in the outbox", () => {
    let state = recordAnswer(started(), "q1", answered(5));
    state = recordAnswer(state, "q2", answered(0, true));
    expect(knownXp(state)).toBe(5);
    expect(hasQueued(state)).toBe(true);
    expect(hasQueued(recordAnswer(state, "q2", answered(3)))).toBe(false);
  });
});

describe("the finish", () => {
  it("shows as gained what the total moved since the start, and a level-up when the level rose", () => {
    const start = { xpAtStart: 90, levelAtStart: 1 };
    expect(finishSummary(start, { xp: 135, level: 2, xpForNextLevel: 250 })).toEqual({ gained: 45, levelledUp: true, toNextLevel: 115 });
    expect(finishSummary(start, { xp: 90, level: 1, xpForNextLevel: 100 })).toEqual({ gained: 0, levelledUp: false, toNextLevel: 10 });
  });
});

describe("the kept state", () => {
  it("is kept per employee and local day, and an earlier day's is forgotten", () => {
    const store = memory();
    saveState(store, started({ date: "2026-03-09" }));
    saveState(store, started({ employeeId: "e2" }));
    saveState(store, started({ step: 3 }));
    expect(loadState(store, "e1", "2026-03-10")?.step).toBe(3);
    expect(loadState(store, "e1", "2026-03-09")).toBeNull();
    expect(loadState(store, "e2", "2026-03-10")).not.toBeNull();
    store.setItem("serviceloop.today.e3.2026-03-10", "not json");
    expect(loadState(store, "e3", "2026-03-10")).toBeNull();
  });

  it("goes on with the server's session, moves to the finish once the server has it completed, and is dropped for another session", () => {
    const state = started({ step: 3 });
    const session = { id: "s1", startedAt: "", completedAt: null, correctCount: 0, passed: false, xpAwarded: 0 };
    expect(reconcile(state, session, cards)).toBe(state);
    const done = reconcile(state, { ...session, completedAt: "2026-03-10T09:00:00Z" }, cards);
    expect(done?.step).toBe(6);
    expect(done?.completion).toMatchObject({ queued: false, result: null });
    expect(reconcile(state, { ...session, id: "s2" }, cards)).toBeNull();
    // answers still waiting to be sent are never dropped
    const waiting = recordAnswer(state, "q1", answered(0, true));
    expect(reconcile(waiting, { ...session, id: "s2" }, cards)).toBe(waiting);
    expect(reconcile(null, session, cards)).toBeNull();
  });

  it("keeps the last plan for offline use, today's only", () => {
    const store = memory();
    const plan = { date: "2026-03-10" } as Plan;
    cachePlan(store, "e1", plan, "et");
    expect(cachedPlan(store, "e1", "2026-03-10")).toEqual(plan);
    expect(cachedPlan(store, "e1", "2026-03-11")).toBeNull();
    expect(cachedPlan(store, "e2", "2026-03-10")).toBeNull();
  });

  it("names the local day as YYYY-MM-DD", () => {
    expect(localDate(new Date(2026, 2, 9, 23, 59))).toBe("2026-03-09");
  });
});
