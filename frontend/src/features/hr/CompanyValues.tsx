import { useRef, useState, type FormEvent } from "react";
import { Form, Input, Label, TextArea, TextField } from "react-aria-components";
import { ArchiveCompanyValue, CompanyValues as CompanyValuesQuery, DefineCompanyValue, UpdateCompanyValue } from "../../graphql/documents";
import type { CompanyValuesQuery as Result } from "../../graphql/types";
import { useMutation, useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { Button } from "../../components/ui/Button";
import { Loading } from "../../components/ui/Loading";
import { ConfirmDialog } from "../../components/ui/ConfirmDialog";
import { HrSections } from "./HrSections";
import { HrError } from "./HrError";
import { messages } from "./messages";

type Value = Result["companyValues"][number];
type Draft = { id: string | null; name: string; meaning: string; behaviours: string };

const behavioursOf = (text: string) => text.split("\n").map((line) => line.trim()).filter(Boolean);

/** The company values the values quiz asks about: add, edit, archive (after a confirmation). */
export function CompanyValues() {
  const { t } = useI18n();
  const [includeArchived, setIncludeArchived] = useState(false);
  const values = useQuery(CompanyValuesQuery, { includeArchived });
  const define = useMutation(DefineCompanyValue);
  const update = useMutation(UpdateCompanyValue);
  const archive = useMutation(ArchiveCompanyValue);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [archiving, setArchiving] = useState<Value | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);

  function edit(next: Draft) {
    define.reset();
    update.reset();
    setStatus(null);
    setDraft(next);
    setTimeout(() => formHeading.current?.focus(), 0);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const fields = { name: draft.name.trim(), meaning: draft.meaning.trim(), behaviours: behavioursOf(draft.behaviours) };
    try {
      const saved = draft.id
        ? (await update.mutate({ input: { id: draft.id, ...fields } })).updateCompanyValue
        : (await define.mutate({ input: fields })).defineCompanyValue;
      setDraft(null);
      setStatus(t(messages.valueSaved, { name: saved.name }));
      await values.refetch();
    } catch {
      /* shown in the form */
    }
  }

  async function confirmArchive() {
    if (!archiving) return;
    try {
      await archive.mutate({ input: { id: archiving.id } });
      setStatus(t(messages.valueArchived, { name: archiving.name }));
      setArchiving(null);
      await values.refetch();
    } catch {
      setArchiving(null);
    }
  }

  const list = values.data?.companyValues ?? [];
  return (
    <Page title={t(messages.valuesTitle)}>
      <HrSections />
      <p>{t(messages.valuesIntro)}</p>
      <p className="hr-note">{t(messages.valuesLanguageNote)}</p>
      <div className="hr-actions">
        <Button onPress={() => edit({ id: null, name: "", meaning: "", behaviours: "" })}>{t(messages.addValue)}</Button>
        <label className="hr-check">
          <input type="checkbox" checked={includeArchived} onChange={(event) => setIncludeArchived(event.target.checked)} />
          {t(messages.showArchived)}
        </label>
      </div>
      {status && <p className="hr-status" role="status">{status}</p>}
      <HrError error={archive.error} />

      {draft && (
        <section className="card" aria-labelledby="hr-value-form">
          <h2 id="hr-value-form" ref={formHeading} tabIndex={-1}>
            {draft.id ? t(messages.editValueTitle, { name: draft.name }) : t(messages.newValueTitle)}
          </h2>
          <Form className="form" onSubmit={save}>
            <TextField className="field" isRequired maxLength={200} value={draft.name} onChange={(name) => setDraft({ ...draft, name })}>
              <Label>{t(messages.valueName)}</Label>
              <Input />
            </TextField>
            <TextField className="field" isRequired value={draft.meaning} onChange={(meaning) => setDraft({ ...draft, meaning })}>
              <Label>{t(messages.valueMeaning)}</Label>
              <TextArea rows={3} />
            </TextField>
            <TextField className="field" isRequired value={draft.behaviours} onChange={(behaviours) => setDraft({ ...draft, behaviours })}>
              <Label>{t(messages.valueBehaviours)}</Label>
              <TextArea rows={4} />
            </TextField>
            <HrError error={define.error ?? update.error} />
            <div className="hr-actions">
              <Button type="submit" isDisabled={define.pending || update.pending}>
                {define.pending || update.pending ? t(messages.saving) : t(messages.save)}
              </Button>
              <Button variant="secondary" onPress={() => setDraft(null)}>{t(messages.cancel)}</Button>
            </div>
          </Form>
        </section>
      )}

      <HrError error={values.error} onRetry={() => void values.refetch()} />
      {values.loading && !values.data && <Loading />}
      {values.data && list.length === 0 && <p>{t(messages.noValues)}</p>}
      {list.map((value) => (
        <article key={value.id} className="card hr-value" aria-labelledby={`hr-value-${value.id}`}>
          <h3 id={`hr-value-${value.id}`}>
            {value.name}
            {!value.active && <span className="hr-badge hr-badge-warn">{t(messages.archived)}</span>}
          </h3>
          <p>{value.meaning}</p>
          <ul>{value.behaviours.map((behaviour, index) => <li key={index}>{behaviour}</li>)}</ul>
          {value.active && (
            <div className="hr-actions">
              <Button variant="secondary" aria-label={`${t(messages.editValue)}: ${value.name}`}
                onPress={() => edit({ id: value.id, name: value.name, meaning: value.meaning, behaviours: value.behaviours.join("\n") })}>
                {t(messages.editValue)}
              </Button>
              <Button variant="quiet" aria-label={`${t(messages.archive)}: ${value.name}`} onPress={() => setArchiving(value)}>{t(messages.archive)}</Button>
            </div>
          )}
        </article>
      ))}

      <ConfirmDialog
        isOpen={archiving !== null}
        title={t(messages.confirmArchiveTitle)}
        body={t(messages.confirmArchive, { name: archiving?.name ?? "" })}
        confirmLabel={t(messages.confirmArchiveButton)}
        cancelLabel={t(messages.cancel)}
        danger
        pending={archive.pending}
        onConfirm={() => void confirmArchive()}
        onCancel={() => setArchiving(null)}
      />
    </Page>
  );
}
