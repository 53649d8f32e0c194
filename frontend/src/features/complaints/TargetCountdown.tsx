// One response target as a line: "Acknowledge · due in 42 minutes (by 1 Dec, 14:30)", or overdue with a warning mark
// and words (never colour alone), or done in time / late.
import { useI18n } from "../../lib/i18n";
import { relativeTime, type TargetState } from "./countdown";
import { messages } from "./messages";

export function TargetCountdown({ label, state, now, targetSeconds }: {
  label: string; state: TargetState; now: number; targetSeconds?: number;
}) {
  const { t, locale, dateTime } = useI18n();
  const length = targetSeconds ? t(messages.targetLength, { time: duration(targetSeconds, locale) }) : null;
  let body;
  let tone = "neutral";
  switch (state.kind) {
    case "none":
      body = <span>{t(messages.noTarget)}</span>;
      break;
    case "due":
      tone = state.left < 3600_000 ? "soon" : "neutral";
      body = (
        <>
          <strong className="countdown-time">{t(messages.dueIn, { time: relativeTime(state.left, locale) })}</strong>
          <span className="countdown-at">{t(messages.dueAt, { date: dateTime(state.dueAt) })}</span>
        </>
      );
      break;
    case "overdue":
      tone = "overdue";
      body = (
        <>
          <strong className="countdown-time"><span aria-hidden="true">⚠ </span>{t(messages.overdue)}</strong>
          <span className="countdown-at">{t(messages.overdueBy, { time: relativeTime(state.dueAt.getTime() - now, locale) })}</span>
        </>
      );
      break;
    case "met":
      tone = "met";
      body = <span><span aria-hidden="true">✓ </span>{state.dueAt ? t(messages.met, { date: dateTime(state.at) }) : t(messages.done, { date: dateTime(state.at) })}</span>;
      break;
    case "missed":
      tone = "missed";
      body = <span><span aria-hidden="true">! </span>{t(messages.missed, { date: dateTime(state.at) })}</span>;
      break;
  }
  return (
    <div className={`countdown countdown-${tone}`}>
      <span className="countdown-label">{label}</span>
      <span className="countdown-body">{body}</span>
      {length && <span className="countdown-length">{length}</span>}
    </div>
  );
}

/** A target's length: "4 h", "30 min", "2 päeva" with Intl.NumberFormat's units. */
function duration(seconds: number, locale: "et" | "en"): string {
  const tag = locale === "et" ? "et-EE" : "en-GB";
  const [value, unit] = seconds % 86400 === 0 ? [seconds / 86400, "day"] : seconds % 3600 === 0 || seconds > 7200
    ? [Math.round(seconds / 360) / 10, "hour"] : [Math.round(seconds / 60), "minute"];
  return new Intl.NumberFormat(tag, { style: "unit", unit, unitDisplay: "long" }).format(value);
}
