import { ProgressBar as AriaProgressBar, Label } from "react-aria-components";

/** A labelled progress bar (value of max), e.g. minutes of today's plan or an export's rows. */
export function ProgressBar({ label, value, max, valueText }: { label: string; value: number; max: number; valueText?: string }) {
  return (
    <AriaProgressBar className="progress" value={value} maxValue={max} valueLabel={valueText}>
      {({ percentage, valueText: text }) => (
        <>
          <div className="progress-label"><Label>{label}</Label><span>{text}</span></div>
          <div className="progress-track"><div className="progress-fill" style={{ width: `${percentage}%` }} /></div>
        </>
      )}
    </AriaProgressBar>
  );
}
