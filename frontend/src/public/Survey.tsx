// The follow-up survey after a resolved complaint, reached by the link in the customer's e-mail; no sign-in.
// CSAT 1-5 and NPS 0-10 on tap scales, a comment, then thanks; an answered, expired or withdrawn survey says so.
import { useState, type FormEvent } from "react";
import { Form, Label, TextArea, TextField } from "react-aria-components";
import { AnswerSurvey, PublicSurvey } from "../graphql/documents";
import type { SurveyState } from "../graphql/types";
import { useQuery } from "../lib/hooks";
import { ApiError, request } from "../lib/api";
import { useI18n, type Message } from "../lib/i18n";
import { Button } from "../components/ui/Button";
import { ErrorMessage } from "../components/ui/ErrorMessage";
import { Loading } from "../components/ui/Loading";
import { TapScale } from "../components/ui/TapScale";
import { PublicFrame, PublicNotice } from "./PublicFrame";
import { messages } from "./messages";

type Closed = Exclude<SurveyState, "OPEN"> | "UNKNOWN";
const CLOSED: Record<Closed, [Message, Message]> = {
  ANSWERED: [messages.surveyAnswered, messages.surveyAnsweredHelp],
  EXPIRED: [messages.surveyExpired, messages.surveyExpiredHelp],
  WITHDRAWN: [messages.surveyWithdrawn, messages.surveyWithdrawnHelp],
  UNKNOWN: [messages.surveyUnknown, messages.surveyUnknownHelp],
};
// What answerSurvey refuses with, as the state it means (someone answered in another tab, the 28 days ran out...)
const CLOSED_BY_CODE: Record<string, Closed> = {
  SURVEY_ALREADY_ANSWERED: "ANSWERED", SURVEY_EXPIRED: "EXPIRED", SURVEY_WITHDRAWN: "WITHDRAWN", SURVEY_NOT_FOUND: "UNKNOWN",
};

function closedState(token: string, closed: Closed | null, error: Error | null, state: SurveyState | undefined): Closed | null {
  if (!token) return "UNKNOWN";
  if (closed) return closed;
  if (error instanceof ApiError && CLOSED_BY_CODE[error.code]) return CLOSED_BY_CODE[error.code];
  if (state && state !== "OPEN") return state;
  return null;
}

export function Survey({ token }: { token: string }) {
  const { t, date } = useI18n();
  const survey = useQuery(PublicSurvey, { t: token }, { skip: !token });
  const [csat, setCsat] = useState<number | null>(null);
  const [nps, setNps] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [answered, setAnswered] = useState(false);
  const [closed, setClosed] = useState<Closed | null>(null);

  const shownClosed = closedState(token, closed, survey.error, survey.data?.publicSurvey.state);

  if (answered) {
    return <PublicNotice title={t(messages.surveyThanksTitle)} help={t(messages.surveyThanks)} />;
  }
  if (shownClosed) {
    const [title, help] = CLOSED[shownClosed];
    return <PublicNotice title={t(title)} help={t(help)} />;
  }
  if (survey.error) {
    return <PublicFrame title={t(messages.surveyTitle)}><ErrorMessage error={survey.error} onRetry={() => void survey.refetch()} /></PublicFrame>;
  }
  if (!survey.data) return <PublicFrame title={t(messages.surveyTitle)}><Loading /></PublicFrame>;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (csat === null || nps === null) return setProblem(t(messages.needBoth));
    setProblem(null);
    setError(null);
    setPending(true);
    try {
      await request(AnswerSurvey, { i: { token, csat, nps, comment: comment.trim() || null } });
      setAnswered(true);
    } catch (caught) {
      const state = caught instanceof ApiError ? CLOSED_BY_CODE[caught.code] : undefined;
      if (state) setClosed(state);
      else setError(caught);
    } finally {
      setPending(false);
    }
  }

  return (
    <PublicFrame title={t(messages.surveyTitle)}>
      <p className="public-lead">{t(messages.surveyIntro, { date: date(survey.data.publicSurvey.expiresAt, { day: "numeric", month: "long" }) })}</p>
      <Form className="public-form" onSubmit={submit}>
        <TapScale label={t(messages.csat)} min={1} max={5} value={csat} onChange={(value) => { setCsat(value); setProblem(null); }}
          lowLabel={t(messages.csatLow)} highLabel={t(messages.csatHigh)} />
        <TapScale label={t(messages.nps)} min={0} max={10} value={nps} onChange={(value) => { setNps(value); setProblem(null); }}
          lowLabel={t(messages.npsLow)} highLabel={t(messages.npsHigh)} />
        <TextField className="field" value={comment} onChange={setComment} maxLength={2000}>
          <Label>{t(messages.surveyComment)}</Label>
          <TextArea rows={3} />
        </TextField>
        <div className="send-bar">
          {problem && <p className="form-problem" role="alert">{problem}</p>}
          <ErrorMessage error={error} onRetry={() => void submit()} />
          <Button type="submit" isDisabled={pending} className="send">{pending ? t(messages.sending) : t(messages.send)}</Button>
        </div>
      </Form>
    </PublicFrame>
  );
}
