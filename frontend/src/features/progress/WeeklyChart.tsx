// Lessons per week (bars) and their mean score (line): Recharts, loaded only when the progress screen shows it.
// The chart is a picture for sighted users; the table beside it (Progress.tsx) carries the same figures.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { WeekFigures } from "./calendar";

export default function WeeklyChart({ weeks, label, lessonsName, scoreName }: {
  weeks: WeekFigures[]; label: (date: string) => string; lessonsName: string; scoreName: string;
}) {
  const data = weeks.map((week) => ({
    week: label(week.weekStart),
    lessons: week.lessons,
    score: week.meanScore === null ? null : Math.round(week.meanScore * 100),
  }));
  return (
    <div className="weekly-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 0, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="#d5dbe0" vertical={false} />
          <XAxis dataKey="week" tick={{ fontSize: 12, fill: "#4a5560" }} interval="preserveStartEnd" />
          <YAxis yAxisId="lessons" allowDecimals={false} tick={{ fontSize: 12, fill: "#4a5560" }} />
          <YAxis yAxisId="score" orientation="right" domain={[0, 100]} tick={{ fontSize: 12, fill: "#4a5560" }} width={36} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Bar yAxisId="lessons" dataKey="lessons" name={lessonsName} fill="#0f5c4d" radius={[4, 4, 0, 0]} isAnimationActive={false} />
          <Line yAxisId="score" dataKey="score" name={scoreName} stroke="#7a4d00" strokeWidth={2} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
