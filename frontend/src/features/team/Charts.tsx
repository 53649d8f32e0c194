// The team's charts (Recharts, in this chunk only), each with the same figures as a table and a one-line summary:
// lessons completed per day over 30 days (from members' lesson history), mastery per topic (the team rollup), and
// NPS and CSAT per week over 6 weeks (the feedback service's nps/csat for the subtree, one window per week).
import { useMemo, type ReactNode } from "react";
import {
  Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from "recharts";
import { TeamCharts, TeamServiceTrend } from "../../graphql/documents";
import { useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n";
import { Loading } from "../../components/ui/Loading";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { messages } from "./messages";
import { useTopicLabel } from "./shared";
import { completionsPerDay, lastDays, weekBounds } from "./figures";

const BRAND = "#0f5c4d";
const ACCENT = "#8a4b00";
const WEEKS = 6;

export default function Charts({ managerId }: { managerId: string }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="team-charts" className="card">
      <h2 id="team-charts">{t(messages.charts)}</h2>
      <LearningCharts managerId={managerId} />
      <ServiceTrend managerId={managerId} />
    </section>
  );
}

function Figure({ title, summary, chart, table }: { title: string; summary: string; chart: ReactNode; table: ReactNode }) {
  const { t } = useI18n();
  return (
    <figure className="team-chart">
      <figcaption><h3>{title}</h3><p>{summary}</p></figcaption>
      {/* the picture repeats the summary and the table below: screen readers get those instead */}
      <div className="team-chart-area" aria-hidden="true">{chart}</div>
      <details>
        <summary>{t(messages.showTable)}</summary>
        <div className="table-scroll">{table}</div>
      </details>
    </figure>
  );
}

function LearningCharts({ managerId }: { managerId: string }) {
  const { t, date, number, dateTime } = useI18n();
  const topic = useTopicLabel();
  const { data, error, loading, refetch } = useQuery(TeamCharts, { m: managerId });
  const days = useMemo(() => completionsPerDay(
    (data?.team.members.items ?? []).map((member) => member.progress.lessonHistory.items), lastDays(30),
  ).map((row) => ({ ...row, label: date(row.day, { day: "numeric", month: "numeric" }) })), [data, date]);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorMessage error={error} onRetry={() => void refetch()} />;
  if (!data) return null;
  const progress = data.team.progress;
  const mastery = progress.mastery.map((row) => ({ ...row, label: topic(row.topic), percent: Math.round(row.mastery * 100) }));
  const max = Math.max(0, ...days.map((day) => day.completed));
  return (
    <>
      <Figure
        title={t(messages.completionTitle)}
        summary={t(messages.completionSummary, {
          completed: progress.lessonsCompleted30Days.completed, target: progress.lessonsCompleted30Days.target, max,
        }) + (data.team.members.pageInfo.hasNextPage ? ` ${t(messages.completionPartial)}` : "")}
        chart={
          <ResponsiveContainer width="100%" height={200}>
            <BarChart data={days} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -24 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" interval="preserveStartEnd" tick={{ fontSize: 11 }} minTickGap={12} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
              <Tooltip />
              <Bar dataKey="completed" name={t(messages.colCompleted)} fill={BRAND} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        }
        table={
          <table>
            <thead><tr><th scope="col">{t(messages.colDay)}</th><th scope="col">{t(messages.colCompleted)}</th></tr></thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.day}><th scope="row">{date(day.day, { day: "numeric", month: "long" })}</th><td>{number(day.completed)}</td></tr>
              ))}
            </tbody>
          </table>
        }
      />
      {mastery.length === 0 ? (
        <figure className="team-chart">
          <figcaption><h3>{t(messages.masteryTitle)}</h3><p>{t(messages.masteryNone)}</p></figcaption>
        </figure>
      ) : (
        <Figure
          title={t(messages.masteryTitle)}
          summary={mastery.map((row) => t(messages.masterySummary, { topic: row.label, value: number(row.mastery, { style: "percent" }) })).join("; ")
            + (progress.masteryComputedAt ? `. ${t(messages.masteryAsOf, { time: dateTime(progress.masteryComputedAt) })}` : "")}
          chart={
            <ResponsiveContainer width="100%" height={Math.max(120, 44 * mastery.length)}>
              <BarChart data={mastery} layout="vertical" accessibilityLayer={false} margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} />
                <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Bar dataKey="percent" name={t(messages.colMastery)} fill={BRAND} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          }
          table={
            <table>
              <thead><tr><th scope="col">{t(messages.colTopic)}</th><th scope="col">{t(messages.colMastery)}</th><th scope="col">{t(messages.colCards)}</th></tr></thead>
              <tbody>
                {mastery.map((row) => (
                  <tr key={row.topic}><th scope="row">{row.label}</th><td>{number(row.mastery, { style: "percent" })}</td><td>{number(row.cards)}</td></tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
    </>
  );
}

function ServiceTrend({ managerId }: { managerId: string }) {
  const { t, date, number } = useI18n();
  const bounds = useMemo(() => weekBounds(WEEKS), []);
  const { data, error, loading } = useQuery(TeamServiceTrend, {
    m: managerId, t0: bounds[0], t1: bounds[1], t2: bounds[2], t3: bounds[3], t4: bounds[4], t5: bounds[5], t6: bounds[6],
  });
  if (loading && !data) return <Loading />;
  const title = t(messages.serviceTitle);
  // the feedback service answers for itself: without it the learning charts still stand
  if (error || !data) {
    return (
      <figure className="team-chart">
        <figcaption><h3>{title}</h3></figcaption>
        <ErrorMessage error={error} />
        {!error && <p>{t(messages.serviceUnavailable)}</p>}
      </figure>
    );
  }
  const weeks = Array.from({ length: WEEKS }, (_, index) => {
    const nps = data[`n${index}` as "n0"];
    const csat = data[`c${index}` as "c0"];
    return { from: bounds[index], label: date(bounds[index], { day: "numeric", month: "numeric" }), nps: nps.score, responses: nps.responses, csat: csat.mean, answers: csat.answers };
  });
  if (weeks.every((week) => week.responses === 0 && week.answers === 0)) {
    return (
      <figure className="team-chart">
        <figcaption><h3>{title}</h3><p>{t(messages.serviceNone)}</p></figcaption>
      </figure>
    );
  }
  const format = (value: number | null, digits = 0) => (value === null ? t(messages.none) : number(value, { maximumFractionDigits: digits }));
  const last = [...weeks].reverse().find((week) => week.responses > 0);
  return (
    <Figure
      title={title}
      summary={last ? `${t(messages.colWeek)} ${date(last.from, { day: "numeric", month: "long" })}: NPS ${format(last.nps)}, CSAT ${format(last.csat, 1)}` : ""}
      chart={
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={weeks} accessibilityLayer={false} margin={{ top: 8, right: 0, bottom: 0, left: -24 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis yAxisId="nps" domain={[-100, 100]} tick={{ fontSize: 11 }} />
            <YAxis yAxisId="csat" orientation="right" domain={[1, 5]} tick={{ fontSize: 11 }} width={28} />
            <Tooltip />
            <Legend />
            <Line yAxisId="nps" dataKey="nps" name="NPS" stroke={BRAND} strokeWidth={2} connectNulls isAnimationActive={false} />
            <Line yAxisId="csat" dataKey="csat" name="CSAT" stroke={ACCENT} strokeWidth={2} strokeDasharray="6 3" connectNulls isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      }
      table={
        <table>
          <thead>
            <tr><th scope="col">{t(messages.colWeek)}</th><th scope="col">{t(messages.colNps)}</th><th scope="col">{t(messages.colNpsAnswers)}</th><th scope="col">{t(messages.colCsat)}</th></tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week.from}>
                <th scope="row">{date(week.from, { day: "numeric", month: "long" })}</th>
                <td>{format(week.nps)}</td><td>{number(week.responses)}</td><td>{format(week.csat, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
