import { Label, Radio, RadioGroup } from "react-aria-components";

/** A row of large tap targets for a rating (0-10 NPS, 1-5 CSAT): a radio group, usable by keyboard and screen readers. */
export function TapScale({ label, min, max, value, onChange, lowLabel, highLabel, isRequired }: {
  label: string; min: number; max: number; value: number | null; onChange: (value: number) => void;
  lowLabel?: string; highLabel?: string; isRequired?: boolean;
}) {
  const values = Array.from({ length: max - min + 1 }, (_, index) => min + index);
  return (
    <RadioGroup className="tap-scale" orientation="horizontal" value={value === null ? null : String(value)}
      onChange={(next) => onChange(Number(next))} isRequired={isRequired}>
      <Label className="tap-scale-label">{label}</Label>
      <div className="tap-scale-options">
        {values.map((option) => (
          <Radio key={option} value={String(option)} className="tap-scale-option">{option}</Radio>
        ))}
      </div>
      {(lowLabel || highLabel) && (
        <div className="tap-scale-ends" aria-hidden="true"><span>{lowLabel}</span><span>{highLabel}</span></div>
      )}
    </RadioGroup>
  );
}
