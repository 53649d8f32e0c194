// Total XP (line) and level (steps) at the end of each day that granted XP: Recharts, loaded with the progress
// screen's chart chunk. A picture for sighted users; the table beside it (Progress.tsx) carries the same figures.
import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type XpPoint = { date: string; xpGained: number; xpTotal: number; level: number };

const DAY = 24 * 60 * 60 * 1000;

/** Noon of a local day as a number, so days sit on a time axis at their true distance apart. */
function dayValue(date: string): number {
  return new Date(`${date}T12:00:00`).getTime();
}

export default function XpChart({ days, label, xpName, levelName }: {
  days: XpPoint[]; label: (date: string) => string; xpName: string; levelName: string;
}) {
  const data: { day: number; xp: number; level: number | null }[] =
    days.map((day) => ({ day: dayValue(day.date), xp: day.xpTotal, level: day.level }));
  if (days.length > 0) {
    // The curve starts from the day before the first one shown, at the XP held then (its level is not known).
    const first = days[0];
    data.unshift({ day: dayValue(first.date) - DAY, xp: first.xpTotal - first.xpGained, level: null });
  }
  const dateOf = (value: number) => label(new Date(value).toISOString().slice(0, 10));
  return (
    <div className="xp-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 0, bottom: 0, left: -8 }}>
          <CartesianGrid stroke="#d5dbe0" vertical={false} />
          <XAxis dataKey="day" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={dateOf}
            tick={{ fontSize: 12, fill: "#4a5560" }} interval="preserveStartEnd" padding={{ left: 12, right: 12 }} />
          <YAxis yAxisId="xp" allowDecimals={false} tick={{ fontSize: 12, fill: "#4a5560" }} />
          <YAxis yAxisId="level" orientation="right" allowDecimals={false} domain={[1, "dataMax + 1"]}
            tick={{ fontSize: 12, fill: "#4a5560" }} width={28} />
          <Tooltip labelFormatter={(value) => dateOf(Number(value))} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Line yAxisId="xp" dataKey="xp" name={xpName} stroke="#0f5c4d" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          <Line yAxisId="level" dataKey="level" name={levelName} type="stepAfter" stroke="#7a4d00" strokeWidth={2}
            strokeDasharray="5 3" dot={{ r: 3, strokeDasharray: "none" }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
