// My progress: streak calendar (working days, days off, freezes), XP and level with their curve over 90 days and
// lessons by week (charts with a table beside each), mastery per topic, and one's own working days (setMyWorkDays).
import { lazy, Suspense, useMemo, useRef, useState } from "react";
import { Checkbox, CheckboxGroup, Label } from "react-aria-components";
import { MyProgress, SetMyWorkDays } from "../../graphql/documents";
import type { MyProgressQuery } from "../../graphql/types";
import { newClientMutationId } from "../../lib/api";
import { useMutation, useQuery } from "../../lib/hooks";
import { useI18n, type Message } from "../../lib/i18n";
import { Button } from "../../components/ui/Button";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { Loading } from "../../components/ui/Loading";
import { Page } from "../../components/ui/Page";
import { ProgressBar } from "../../components/ui/ProgressBar";
import { Stat, StatGrid } from "../../components/ui/Stat";
import { localToday, streakCalendar, weeklyFigures, WEEKDAYS, type DayState, type Weekday, type WeekFigures } from "./calendar";
import { messages } from "./messages";
import "./progress.css";

const WeeklyChart = lazy(() => import("./WeeklyChart"));
const XpChart = lazy(() => import("./XpChart"));

const CALENDAR_WEEKS = 6;
const CHART_WEEKS = 8;
const XP_HISTORY_DAYS = 90; // as asked in operations/staff/MyProgress.graphql
// A Monday: weekday names come from Intl, counted from it.
const A_MONDAY = "2026-11-30";
const STATES: readonly DayState[] = ["done", "freeze", "missed", "off", "today", "before"];
const MARK: Record<DayState, string> = { done: "✓", freeze: "❄", missed: "✕", off: "·", today: "○", future: "", before: "" };

type ProgressData = MyProgressQuery["me"]["progress"];

export default function Progress() {
  const { t } = useI18n();
  const { data, error, loading, refetch } = useQuery(MyProgress, {});
  return (
    <Page title={t(messages.title)}>
      {loading && !data && <Loading />}
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {data && <ProgressScreen progress={data.me.progress} timeZone={data.me.timeZone} onChanged={refetch} />}
    </Page>
  );
}

function ProgressScreen({ progress, timeZone, onChanged }: { progress: ProgressData; timeZone: string; onChanged: () => Promise<void> }) {
  const today = localToday(timeZone);
  const history = progress.lessonHistory.items;
  return (
    <div className="progress-screen">
      <Summary progress={progress} />
      <StreakCalendar progress={progress} today={today} />
      <XpCurve history={progress.xpHistory} />
      <WeeklyLessons history={history} today={today} />
      <Mastery mastery={progress.mastery} />
      <WorkDays progress={progress} onChanged={onChanged} />
    </div>
  );
}

function Summary({ progress }: { progress: ProgressData }) {
  const { t } = useI18n();
  const tally = (figures: { completed: number; target: number }) => t(messages.ofTarget, figures);
  return (
    <StatGrid label={t(messages.summary)} labelId="progress-summary">
      <Stat title={t(messages.streak)} value={t(messages.days, { count: progress.streak })} testId="streak">
        <p className="stat-note">{t(messages.longest, { count: t(messages.days, { count: progress.longestStreak }) })}</p>
      </Stat>
      <Stat title={t(messages.freezes)} value={t(messages.freezesHeld, { count: progress.freezes })} testId="freezes">
        <p className="stat-note">{t(messages.freezesHint)}</p>
      </Stat>
      <Stat title={t(messages.lessons7)} value={tally(progress.lessonsCompleted7Days)} testId="lessons7" />
      <Stat title={t(messages.lessons30)} value={tally(progress.lessonsCompleted30Days)} testId="lessons30" />
      <Stat title={t(messages.level, { level: progress.level })} value={t(messages.xp, { count: progress.xp })} testId="xp" wide>
        <ProgressBar label={t(messages.xpBar)} value={progress.xp} max={Math.max(progress.xpForNextLevel, 1)}
          valueText={`${progress.xp} / ${progress.xpForNextLevel}`} />
        <p className="stat-note">{t(messages.xpToNext, { count: Math.max(progress.xpForNextLevel - progress.xp, 0) })}</p>
        <p className="stat-note">{t(messages.xpToday, { xp: progress.xpToday, cap: progress.dailyXpCap })}</p>
      </Stat>
    </StatGrid>
  );
}

function useWeekdayName() {
  const { date } = useI18n();
  return (index: number, width: "long" | "short") => {
    const day = new Date(`${A_MONDAY}T12:00:00`);
    day.setDate(day.getDate() + index);
    return date(day, { weekday: width });
  };
}

/** The first lesson's day when the whole history is loaded (today when there is none yet); else null. */
function firstLessonDay(progress: ProgressData, today: string): string | null {
  const { items, pageInfo } = progress.lessonHistory;
  if (pageInfo.hasNextPage) return null;
  return items.reduce((first, entry) => (entry.localDate < first ? entry.localDate : first), today);
}

function StreakCalendar({ progress, today }: { progress: ProgressData; today: string }) {
  const { t, date } = useI18n();
  const weekday = useWeekdayName();
  const weeks = useMemo(() => streakCalendar({
    today, weeks: CALENDAR_WEEKS, lessonDays: progress.lessonHistory.items.map((entry) => entry.localDate),
    workDays: progress.workDays as Weekday[], streak: progress.streak, since: firstLessonDay(progress, today),
  }), [today, progress]);
  return (
    <section aria-labelledby="calendar-title" className="card">
      <h2 id="calendar-title">{t(messages.calendar)}</h2>
      <table className="streak-calendar">
        <caption className="visually-hidden">{t(messages.calendarCaption, { count: CALENDAR_WEEKS })}</caption>
        <thead>
          <tr>
            {WEEKDAYS.map((_, index) => (
              <th key={index} scope="col"><abbr title={weekday(index, "long")}>{weekday(index, "short")}</abbr></th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0].date}>
              {week.map((day) => (
                <td key={day.date} className={`day day-${day.state}${day.isToday ? " day-is-today" : ""}`} data-date={day.date}
                  data-state={day.state}>
                  <span className="day-number" aria-hidden="true">{Number(day.date.slice(8))}</span>
                  <span className="day-mark" aria-hidden="true">{MARK[day.state]}</span>
                  <span className="visually-hidden">
                    {t(messages.dayLabel, { date: date(day.date, { day: "numeric", month: "long", weekday: "long" }), state: t(messages[day.state]) })}
                  </span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="legend-title">{t(messages.legend)}</h3>
      <ul className="legend">
        {STATES.map((state) => (
          <li key={state}><span className={`legend-swatch day-${state}`} aria-hidden="true">{MARK[state]}</span>{t(messages[state])}</li>
        ))}
      </ul>
      <p className="stat-note">{t(messages.calendarNote)}</p>
    </section>
  );
}

function WeeklyLessons({ history, today }: { history: ProgressData["lessonHistory"]["items"]; today: string }) {
  const { t, date } = useI18n();
  const weeks = useMemo(() => weeklyFigures(history, today, CHART_WEEKS), [history, today]);
  const shortDate = (value: string) => date(value, { day: "numeric", month: "short" });
  const percent = (week: WeekFigures) =>
    week.meanScore === null ? t(messages.noScore) : t(messages.percent, { value: Math.round(week.meanScore * 100) });
  return (
    <section aria-labelledby="chart-title" className="card">
      <h2 id="chart-title">{t(messages.chart)}</h2>
      {history.length === 0 ? <p>{t(messages.noLessons)}</p> : (
        <>
          <Suspense fallback={<Loading />}>
            <WeeklyChart weeks={weeks} label={shortDate} lessonsName={t(messages.chartLessons)} scoreName={t(messages.chartScore)} />
          </Suspense>
          <details className="chart-table">
            <summary>{t(messages.chartAsTable)}</summary>
            <table>
              <thead>
                <tr><th scope="col">{t(messages.week)}</th><th scope="col">{t(messages.chartLessons)}</th>
                  <th scope="col">{t(messages.passedLessons)}</th><th scope="col">{t(messages.chartScore)}</th></tr>
              </thead>
              <tbody>
                {weeks.map((week) => (
                  <tr key={week.weekStart}>
                    <th scope="row">{shortDate(week.weekStart)}</th><td>{week.lessons}</td><td>{week.passed}</td><td>{percent(week)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

function XpCurve({ history }: { history: ProgressData["xpHistory"] }) {
  const { t, date, number } = useI18n();
  const shortDate = (value: string) => date(value, { day: "numeric", month: "short" });
  return (
    <section aria-labelledby="xp-curve-title" className="card">
      <h2 id="xp-curve-title">{t(messages.xpCurve, { count: XP_HISTORY_DAYS })}</h2>
      {history.length === 0 ? <p>{t(messages.noXp, { count: XP_HISTORY_DAYS })}</p> : (
        <>
          <Suspense fallback={<Loading />}>
            <XpChart days={history} label={shortDate} xpName={t(messages.xpTotal)} levelName={t(messages.levelName)} />
          </Suspense>
          <details className="xp-table">
            <summary>{t(messages.xpAsTable)}</summary>
            <table>
              <thead>
                <tr><th scope="col">{t(messages.xpDay)}</th><th scope="col">{t(messages.xpGained)}</th>
                  <th scope="col">{t(messages.xpTotal)}</th><th scope="col">{t(messages.levelName)}</th></tr>
              </thead>
              <tbody>
                {history.map((day) => (
                  <tr key={day.date} data-date={day.date}>
                    <th scope="row">{shortDate(day.date)}</th><td>{number(day.xpGained)}</td><td>{number(day.xpTotal)}</td>
                    <td>{number(day.level)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

const TOPICS: Record<string, Message> = {
  time_management: messages.topic_time_management,
  communication: messages.topic_communication,
  situations: messages.topic_situations,
  values: messages.topic_values,
};

function Mastery({ mastery }: { mastery: ProgressData["mastery"] }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="mastery-title" className="card">
      <h2 id="mastery-title">{t(messages.mastery)}</h2>
      <p className="stat-note">{t(messages.masteryHint)}</p>
      {mastery.length === 0 ? <p>{t(messages.noMastery)}</p> : (
        <ul className="mastery-list">
          {mastery.map((topic) => {
            const known = TOPICS[topic.topic.toLowerCase()];
            const name = known ? t(known) : topic.topic;
            const value = Math.round(topic.mastery * 100);
            return (
              <li key={topic.topic} data-topic={topic.topic}>
                <ProgressBar label={name} value={value} max={100} valueText={t(messages.masteryValue, { value })} />
                <span className="stat-note">{t(messages.cards, { count: topic.cards })}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function WorkDays({ progress, onChanged }: { progress: ProgressData; onChanged: () => Promise<void> }) {
  const { t, date } = useI18n();
  const weekday = useWeekdayName();
  const start = (progress.nextWorkDays?.days ?? progress.workDays) as Weekday[];
  const [days, setDays] = useState<string[]>(start);
  const [invalid, setInvalid] = useState(false);
  const save = useMutation(SetMyWorkDays);
  const clientMutationId = useRef<string | null>(null);
  const dayNames = (list: readonly string[]) =>
    WEEKDAYS.map((day, index) => (list.includes(day) ? weekday(index, "long") : null)).filter(Boolean).join(", ");

  const submit = async () => {
    if (days.length === 0) {
      setInvalid(true);
      return;
    }
    // one id per intended change, kept across retries of it
    clientMutationId.current ??= newClientMutationId();
    try {
      await save.mutate({ input: { days: WEEKDAYS.filter((day) => days.includes(day)), clientMutationId: clientMutationId.current } });
      clientMutationId.current = null;
      await onChanged();
    } catch {
      // shown by <ErrorMessage>
    }
  };

  return (
    <section aria-labelledby="workdays-title" className="card">
      <h2 id="workdays-title">{t(messages.workDays)}</h2>
      <CheckboxGroup className="workdays" value={days} isInvalid={invalid}
        onChange={(next) => { setDays(next); setInvalid(false); clientMutationId.current = null; save.reset(); }}>
        <Label className="visually-hidden">{t(messages.workDays)}</Label>
        <p className="stat-note" slot="description">{t(messages.workDaysHint)}</p>
        <div className="workdays-options">
          {WEEKDAYS.map((day, index) => (
            <Checkbox key={day} value={day} className="workday">
              <span className="workday-box" aria-hidden="true" />
              {weekday(index, "long")}
            </Checkbox>
          ))}
        </div>
        {invalid && <p className="field-error" role="alert">{t(messages.pickOne)}</p>}
      </CheckboxGroup>
      {progress.nextWorkDays && (
        <p data-testid="pending-workdays">
          {t(messages.pendingChange, { date: date(progress.nextWorkDays.effectiveFrom, { day: "numeric", month: "long" }), days: dayNames(progress.nextWorkDays.days) })}
        </p>
      )}
      <ErrorMessage error={save.error} onRetry={() => void submit()} />
      {save.data && !save.error && (
        <p role="status">{t(messages.saved, { date: date(save.data.setMyWorkDays.effectiveFrom, { day: "numeric", month: "long" }) })}</p>
      )}
      <Button onPress={() => void submit()} isDisabled={save.pending}>{save.pending ? t(messages.saving) : t(messages.save)}</Button>
    </section>
  );
}
