// One step of today's lesson: a card to read, or an item to answer (the scenario: pick the better of two replies,
// then see why; a quiz or values question: pick an answer and say how sure, then see whether it was right).
// Each step moves the keyboard focus to its own heading, so keyboard and screen-reader users start at the top.
import { useEffect, useRef, useState } from "react";
import { Label, Radio, RadioGroup } from "react-aria-components";
import { useI18n } from "../../lib/i18n";
import { Button } from "../../components/ui/Button";
import type { Answer, Confidence, Item } from "./lesson-flow";
import { messages } from "./messages";

const CONFIDENCES: Confidence[] = ["UNSURE", "FAIRLY_SURE", "SURE"];

/** Focus the element once shown, when `enabled` (the person moved here; not on a reload's first paint). */
function useFocusOnMount<T extends HTMLElement>(enabled: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (enabled) ref.current?.focus();
  }, []);
  return ref;
}

export function CardStep({ card, n, total, onNext, onBack, focus }: {
  card: { title: string; body: string; minutes: number } | undefined; n: number; total: number;
  onNext: () => void; onBack?: () => void; focus: boolean;
}) {
  const { t } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>(focus);
  if (!card) return null;
  return (
    <article className="card today-card-step">
      <p className="today-muted">{t(messages.cardOf, { n, total })} · {t(messages.minutes, { count: card.minutes })}</p>
      <h2 ref={heading} tabIndex={-1}>{card.title}</h2>
      {card.body.split(/\n{2,}/).map((paragraph, index) => <p key={index}>{paragraph}</p>)}
      <div className="today-actions">
        {onBack && <Button variant="secondary" onPress={onBack}>{t(messages.back)}</Button>}
        <Button onPress={onNext}>{t(messages.next)}</Button>
      </div>
    </article>
  );
}

export function ItemStep({ item, review, n, total, answer, busy, onAnswer, onNext, isLast, focus }: {
  item: Item; review: boolean; n: number; total: number; answer: Answer | undefined; busy: boolean;
  onAnswer: (choice: number, confidence: Confidence | null) => void; onNext: () => void; isLast: boolean; focus: boolean;
}) {
  const { t } = useI18n();
  const scenario = item.kind === "SCENARIO";
  const [choice, setChoice] = useState<number | null>(null);
  const [confidence, setConfidence] = useState<Confidence | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>(focus);
  const feedback = useRef<HTMLHeadingElement>(null);
  const answered = Boolean(answer);
  const answeredAtMount = useRef(answered);
  useEffect(() => {
    // the answer just came: its feedback is what to read next
    if (answered && !answeredAtMount.current) feedback.current?.focus();
  }, [answered]);

  const kindLabel = scenario ? t(messages.scenario) : review ? t(messages.review) : t(messages.questionOf, { n, total });
  return (
    <article className="card today-item" data-kind={item.kind}>
      {!scenario && <p className="today-muted">{kindLabel}</p>}
      <h2 ref={heading} tabIndex={-1}>{scenario ? kindLabel : item.question}</h2>
      {scenario && item.context && <blockquote className="today-context">{item.context}</blockquote>}
      {scenario && <p className="today-question">{item.question || t(messages.scenarioPrompt)}</p>}
      {!answer ? (
        <form className="today-answer-form" onSubmit={(event) => {
          event.preventDefault();
          if (choice !== null && !busy) onAnswer(choice, scenario ? null : confidence);
        }}>
          <RadioGroup className="today-options" value={choice === null ? null : String(choice)}
            onChange={(value) => setChoice(Number(value))} aria-label={scenario ? t(messages.replies) : t(messages.options)}>
            {item.options.map((option, index) => (
              <Radio key={index} value={String(index)} className={`today-option ${scenario ? "today-reply" : ""}`}>
                {option}
              </Radio>
            ))}
          </RadioGroup>
          {!scenario && (
            <RadioGroup className="today-confidence" orientation="horizontal" value={confidence}
              onChange={(value) => setConfidence(value as Confidence)}>
              <Label className="today-confidence-label">{t(messages.confidence)}</Label>
              <div className="today-confidence-options">
                {CONFIDENCES.map((level) => (
                  <Radio key={level} value={level} className="today-confidence-option">
                    {t(messages[`confidence${level}` as const])}
                  </Radio>
                ))}
              </div>
            </RadioGroup>
          )}
          <div className="today-actions">
            <Button type="submit" isDisabled={choice === null || busy}>{t(messages.check)}</Button>
          </div>
        </form>
      ) : (
        <>
          <ul className="today-options today-options-answered">
            {item.options.map((option, index) => {
              const right = answer.result ? index === answer.result.correctOption : false;
              const chosen = index === answer.choice;
              return (
                <li key={index} className={`today-option ${right ? "is-right" : ""} ${chosen && answer.result && !right ? "is-wrong" : ""} ${chosen ? "is-chosen" : ""}`}>
                  <span>{option}</span>
                  {chosen && <span className="today-tag">{t(messages.yourChoice)}</span>}
                </li>
              );
            })}
          </ul>
          <Feedback answer={answer} item={item} scenario={scenario} headingRef={feedback} />
          <div className="today-actions">
            <Button onPress={onNext}>{isLast ? t(messages.finish) : t(messages.next)}</Button>
          </div>
        </>
      )}
    </article>
  );
}

function Feedback({ answer, item, scenario, headingRef }: {
  answer: Answer; item: Item; scenario: boolean; headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const { t } = useI18n();
  const result = answer.result;
  if (!result) {
    return (
      <div className="today-feedback is-saved" role="status">
        <h3 ref={headingRef} tabIndex={-1}>{answer.queued ? t(messages.savedOffline) : t(messages.answeredBefore)}</h3>
      </div>
    );
  }
  const title = scenario
    ? (result.correct ? t(messages.betterReply) : t(messages.worseReply))
    : (result.correct ? t(messages.correct) : t(messages.incorrect));
  return (
    <div className={`today-feedback ${result.correct ? "is-right" : "is-wrong"}`} role="status">
      <h3 ref={headingRef} tabIndex={-1}>
        <span aria-hidden="true">{result.correct ? "✓ " : "✗ "}</span>{title}
        {result.xpGained > 0 && <span className="today-xp"> {t(messages.xpGained, { count: result.xpGained })}</span>}
      </h3>
      {!result.correct && (
        <p>{t(messages.rightAnswer, { answer: item.options[result.correctOption] ?? "" })}</p>
      )}
      {result.explanation && (
        <p><strong>{t(messages.why)}</strong> {result.explanation}</p>
      )}
      {result.misconception && <p>{t(messages.misconception)}</p>}
    </div>
  );
}
