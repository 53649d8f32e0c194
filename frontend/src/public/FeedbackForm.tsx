// The customer feedback form, reached by the code printed as a QR code; no sign-in. Kind, a tap-scale rating, "what
// went wrong" for complaints, a comment, optional contact, and what we keep; the send button stays in view (a sticky
// bar), so on a 360 x 640 phone it never hides below the fold.
import { useRef, useState, type FormEvent } from "react";
import { Checkbox, Form, Input, Label, Radio, RadioGroup, Text, TextArea, TextField } from "react-aria-components";
import { PublicCode, SubmitPublicFeedback } from "../graphql/documents";
import type { FeedbackKind, PublicCodeQuery, SubmitPublicFeedbackMutation } from "../graphql/types";
import { useQuery } from "../lib/hooks";
import { ApiError, newClientMutationId, request } from "../lib/api";
import { useI18n } from "../lib/i18n";
import { Button } from "../components/ui/Button";
import { ErrorMessage } from "../components/ui/ErrorMessage";
import { Loading } from "../components/ui/Loading";
import { TapScale } from "../components/ui/TapScale";
import { PublicFrame, PublicNotice } from "./PublicFrame";
import { messages, WHAT_WENT_WRONG, whatWentWrongWords } from "./messages";

const KINDS: readonly FeedbackKind[] = ["PRAISE", "COMPLAINT", "SUGGESTION"];
type Form = PublicCodeQuery["publicCode"];
/** The receipt: the reference number the customer can quote. */
type Receipt = SubmitPublicFeedbackMutation["submitPublicFeedback"];

export function FeedbackForm({ code }: { code: string }) {
  const { t } = useI18n();
  const form = useQuery(PublicCode, { c: code }, { skip: !code });
  const [receipt, setReceipt] = useState<{ receipt: Receipt; kind: FeedbackKind; contact: boolean } | null>(null);
  const [round, setRound] = useState(0);

  const unknown = !code || (form.data && !form.data.publicCode) || (form.error instanceof ApiError && form.error.code === "CODE_NOT_FOUND");
  if (unknown) return <PublicNotice title={t(messages.unknownCode)} help={t(messages.unknownCodeHelp)} />;
  if (form.error) {
    return (
      <PublicFrame title={t(messages.feedbackTitle)}>
        <ErrorMessage error={form.error} onRetry={() => void form.refetch()} />
      </PublicFrame>
    );
  }
  if (!form.data?.publicCode) return <PublicFrame title={t(messages.feedbackTitle)}><Loading /></PublicFrame>;
  if (receipt) {
    return (
      <ThankYou {...receipt} onAnother={() => { setReceipt(null); setRound(round + 1); }} />
    );
  }
  return <FeedbackFields key={round} code={code} target={form.data.publicCode} onSent={setReceipt} />;
}

function FeedbackFields({ code, target, onSent }: {
  code: string; target: NonNullable<Form>; onSent: (sent: { receipt: Receipt; kind: FeedbackKind; contact: boolean }) => void;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<FeedbackKind | null>(null);
  const [rating, setRating] = useState<number | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [body, setBody] = useState("");
  const [wantsContact, setWantsContact] = useState(false);
  const [contact, setContact] = useState({ name: "", email: "", phone: "" });
  const [website, setWebsite] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  // One key per filled-in form: pressing send again after a lost answer returns the first receipt, not a second item.
  const sendKey = useRef<{ form: string; id: string } | null>(null);

  const who = target.location
    ? t(messages.aboutPlace, { location: target.location })
    : t(messages.aboutPerson, { name: target.firstName ?? "", jobTitle: target.jobTitle ?? "" });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!kind) return setProblem(t(messages.needKind));
    if (rating === null && !body.trim()) return setProblem(t(messages.needSomething));
    setProblem(null);
    setError(null);
    setPending(true);
    const given = wantsContact && (contact.name.trim() || contact.email.trim() || contact.phone.trim());
    const form = JSON.stringify({ kind, rating, category, body, wantsContact, contact });
    if (sendKey.current?.form !== form) sendKey.current = { form, id: newClientMutationId() };
    try {
      const data = await request(SubmitPublicFeedback, { i: {
        clientMutationId: sendKey.current.id,
        code, kind, rating,
        category: kind === "COMPLAINT" && category ? (category as (typeof WHAT_WENT_WRONG)[number]) : null,
        body: body.trim() || null,
        contact: given ? { name: contact.name.trim() || null, email: contact.email.trim() || null, phone: contact.phone.trim() || null } : null,
        consent: Boolean(given),
        website: website || null,
      } });
      onSent({ receipt: data.submitPublicFeedback, kind, contact: Boolean(given) });
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  return (
    <PublicFrame title={t(messages.feedbackTitle)}>
      <p className="public-lead">{who}</p>
      <Form className="public-form" onSubmit={submit}>
        <RadioGroup className="choice-group" orientation="horizontal" value={kind}
          onChange={(value) => { setKind(value as FeedbackKind); setProblem(null); }}>
          <Label className="group-label">{t(messages.kind)}</Label>
          <div className="segmented">
            {KINDS.map((value) => <Radio key={value} value={value} className="segment">{t(messages[value])}</Radio>)}
          </div>
        </RadioGroup>
        <TapScale label={t(messages.rating)} min={1} max={5} value={rating} onChange={(value) => { setRating(value); setProblem(null); }}
          lowLabel={t(messages.ratingLow)} highLabel={t(messages.ratingHigh)} />
        {kind === "COMPLAINT" && (
          <RadioGroup className="choice-group" value={category} onChange={setCategory}>
            <Label className="group-label">{t(messages.whatWentWrong)}</Label>
            <div className="chips">
              {WHAT_WENT_WRONG.map((value) => <Radio key={value} value={value} className="chip">{t(whatWentWrongWords[value])}</Radio>)}
            </div>
          </RadioGroup>
        )}
        <TextField className="field" value={body} onChange={(value) => { setBody(value); setProblem(null); }} maxLength={2000}>
          <Label>{t(messages.comment)}</Label>
          <TextArea rows={3} />
          <Text slot="description">{t(messages.commentHint)}</Text>
        </TextField>
        <Checkbox className="check" isSelected={wantsContact} onChange={setWantsContact}>
          <span className="check-box" aria-hidden="true" />
          {t(messages.contact)}
        </Checkbox>
        {wantsContact && (
          <fieldset className="contact">
            <legend className="visually-hidden">{t(messages.contact)}</legend>
            <TextField className="field" value={contact.name} onChange={(name) => setContact({ ...contact, name })} maxLength={200} autoComplete="name">
              <Label>{t(messages.name)}</Label><Input />
            </TextField>
            <TextField className="field" type="email" value={contact.email} onChange={(email) => setContact({ ...contact, email })} maxLength={254} autoComplete="email">
              <Label>{t(messages.email)}</Label><Input />
              <Text slot="description">{t(messages.contactHint)}</Text>
            </TextField>
            <TextField className="field" type="tel" value={contact.phone} onChange={(phone) => setContact({ ...contact, phone })} maxLength={40} autoComplete="tel">
              <Label>{t(messages.phone)}</Label><Input />
            </TextField>
            <p className="public-small">{t(messages.consent)}.</p>
          </fieldset>
        )}
        {/* the honeypot: hidden from people (and from screen readers), filled in by bots */}
        <input className="honeypot" name="website" tabIndex={-1} autoComplete="off" aria-hidden="true" value={website}
          onChange={(event) => setWebsite(event.target.value)} />
        <section className="privacy" aria-labelledby="privacy-title">
          <h2 id="privacy-title">{t(messages.privacyTitle)}</h2>
          <p>{t(messages.privacy)}</p>
        </section>
        <div className="send-bar">
          {problem && <p className="form-problem" role="alert">{problem}</p>}
          <ErrorMessage error={error} onRetry={() => void submit(new Event("submit") as unknown as FormEvent)} />
          <Button type="submit" isDisabled={pending} className="send">{pending ? t(messages.sending) : t(messages.send)}</Button>
        </div>
      </Form>
    </PublicFrame>
  );
}

function ThankYou({ receipt, kind, contact, onAnother }: { receipt: Receipt; kind: FeedbackKind; contact: boolean; onAnother: () => void }) {
  const { t } = useI18n();
  return (
    <PublicFrame title={t(messages.thanksTitle)}>
      <div className="thanks" role="status">
        <p className="public-lead">{t(messages.thanks)}</p>
        {kind === "COMPLAINT" && <p>{t(messages.thanksComplaint)}</p>}
        {contact && <p>{t(messages.thanksContact)}</p>}
        {receipt.reference && <p className="reference">{t(messages.reference, { reference: receipt.reference })}</p>}
      </div>
      <Button variant="secondary" onPress={onAnother}>{t(messages.another)}</Button>
    </PublicFrame>
  );
}
