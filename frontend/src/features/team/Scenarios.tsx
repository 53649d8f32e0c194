// A practice scenario from a resolved complaint: draftScenarioFromComplaint (the text anonymised by the service),
// then the author writes the worse and the better reply and why (et and/or en) with editScenario; HR and admin
// approve someone else's complete draft (approveScenario), and the author's team reviews it from then on.
import { useEffect, useRef, useState } from "react";
import { ApproveScenario, DraftScenarioFromComplaint, EditScenario, TeamResolvedComplaints } from "../../graphql/documents";
import type { TeamResolvedComplaintsQuery } from "../../graphql/types";
import { ApiError, newClientMutationId } from "../../lib/api";
import { useMutation, useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { Loading } from "../../components/ui/Loading";
import { Button } from "../../components/ui/Button";
import { isHr, useMe } from "../../app/session-context";
import { messages } from "./messages";
import { TeamViews, useCategoryLabel } from "./shared";

type Scenario = TeamResolvedComplaintsQuery["authoredScenarios"][number];
type Complaint = TeamResolvedComplaintsQuery["resolved"]["items"][number];
const FIELDS = ["situation", "worse", "better", "why"] as const;
type Field = (typeof FIELDS)[number];
type Texts = Record<Field, { et: string; en: string }>;

export function Scenarios() {
  const { t } = useI18n();
  const me = useMe();
  const { data, error, loading, refetch } = useQuery(TeamResolvedComplaints, {});
  const [openId, setOpenId] = useState<string | null>(null);
  const [drafted, setDrafted] = useState<Scenario | null>(null);
  const scenarios = data?.authoredScenarios ?? [];
  const open = drafted && drafted.id === openId ? drafted : scenarios.find((scenario) => scenario.id === openId) ?? null;
  const complaints = [...(data?.resolved.items ?? []), ...(data?.closed.items ?? [])]
    .sort((a, b) => (b.resolvedAt ?? "").localeCompare(a.resolvedAt ?? ""));
  return (
    <Page title={t(messages.scenariosTitle)}>
      <TeamViews />
      <p>{t(messages.scenariosHelp)}</p>
      {loading && !data && <Loading />}
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {open && (
        <Editor key={open.id} scenario={open} onClose={() => { setOpenId(null); setDrafted(null); void refetch(); }}
          onSaved={(saved) => { setDrafted(saved); void refetch(); }} onApproved={() => void refetch()} />
      )}
      {data && (
        <>
          <section aria-labelledby="scenario-complaints" className="card">
            <h2 id="scenario-complaints">{t(messages.complaintsToDraft)}</h2>
            {complaints.length === 0 ? <p>{t(messages.noComplaints)}</p> : (
              <ul className="team-cards">
                {complaints.map((complaint) => (
                  <ComplaintCard key={complaint.id} complaint={complaint}
                    scenario={scenarios.find((scenario) => scenario.sourceFeedbackId === complaint.id && scenario.status !== "WITHDRAWN")}
                    onOpen={(scenario) => { setDrafted(scenario); setOpenId(scenario.id); void refetch(); }}
                    onStale={() => void refetch()} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="scenario-list" className="card">
            <h2 id="scenario-list">{t(messages.myScenarios)}</h2>
            {scenarios.length === 0 ? <p>{t(messages.noScenarios)}</p> : (
              <ul className="team-cards">
                {scenarios.map((scenario) => (
                  <li key={scenario.id} className="team-card">
                    <p className="team-card-head-line">
                      <span className="team-badge">{t(messages[`status${scenario.status}` as "statusDRAFT"])}</span>
                      {scenario.author && <span className="team-job">{t(messages.by, { name: scenario.author.name })}</span>}
                    </p>
                    <p className="team-quote">{scenario.situation.et || scenario.situation.en}</p>
                    {scenario.status === "DRAFT" && (
                      <Button variant="secondary" onPress={() => { setDrafted(null); setOpenId(scenario.id); }}>
                        {scenario.author?.id === me.id ? t(messages.edit) : t(messages.openDraft)}
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Page>
  );
}

const SHOWN_TEXT = 280;

function ComplaintCard({ complaint, scenario, onOpen, onStale }: {
  complaint: Complaint; scenario?: Scenario; onOpen: (scenario: Scenario) => void; onStale: () => void;
}) {
  const { t, date } = useI18n();
  const category = useCategoryLabel();
  const draft = useMutation(DraftScenarioFromComplaint);
  const key = useRef(newClientMutationId());
  const start = async () => {
    try {
      const result = await draft.mutate({ i: { feedbackId: complaint.id, clientMutationId: key.current } });
      onOpen(result.draftScenarioFromComplaint);
    } catch (caught) {
      // shown below in the user's language; a draft made elsewhere (another tab, a colleague) shows once reloaded
      if (caught instanceof ApiError && caught.code === "COMPLAINT_ALREADY_DRAFTED") onStale();
    }
  };
  const alreadyDrafted = draft.error instanceof ApiError && draft.error.code === "COMPLAINT_ALREADY_DRAFTED";
  return (
    <li className="team-card">
      <p className="team-card-head-line">
        <span className="team-badge">{category(complaint.category)}</span>
        {complaint.resolvedAt && <span className="team-job">{t(messages.resolvedOn, { date: date(complaint.resolvedAt) })}</span>}
      </p>
      <p className="team-card-line">{t(messages.complaintAbout, { names: complaint.subjects.map((s) => s.name).join(", ") })}</p>
      <p className="team-quote">
        {complaint.body.length > SHOWN_TEXT ? `${complaint.body.slice(0, SHOWN_TEXT)}…` : complaint.body}
      </p>
      {scenario ? (
        <p className="team-card-line">
          <span>{t(messages.alreadyDrafted)}</span>{" "}
          {scenario.status === "DRAFT" && <Button variant="quiet" onPress={() => onOpen(scenario)}>{t(messages.openDraft)}</Button>}
        </p>
      ) : (
        <Button variant="secondary" onPress={() => void start()} isDisabled={draft.pending || alreadyDrafted}>{t(messages.draft)}</Button>
      )}
      <ErrorMessage error={draft.error} onRetry={() => void start()} />
    </li>
  );
}

function Editor({ scenario, onClose, onSaved, onApproved }: {
  scenario: Scenario; onClose: () => void; onSaved: (scenario: Scenario) => void; onApproved: () => void;
}) {
  const { t } = useI18n();
  const me = useMe();
  const [texts, setTexts] = useState<Texts>(() => ({
    situation: { ...scenario.situation }, worse: { ...scenario.worse }, better: { ...scenario.better }, why: { ...scenario.why },
  }));
  const edit = useMutation(EditScenario);
  const approve = useMutation(ApproveScenario);
  const editKey = useRef(newClientMutationId());
  const approveKey = useRef(newClientMutationId());
  const [notice, setNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // opened from a list further down: bring the editor into view and start there
    heading.current?.scrollIntoView({ block: "start" });
    heading.current?.focus();
  }, []);
  const mine = scenario.author?.id === me.id;
  const canApprove = isHr(me) && !mine && scenario.status === "DRAFT";
  const change = (field: Field, language: "et" | "en", value: string) => {
    editKey.current = newClientMutationId();
    setNotice(null);
    setTexts((current) => ({ ...current, [field]: { ...current[field], [language]: value } }));
  };
  const input = (field: Field) => ({ et: texts[field].et.trim() || null, en: texts[field].en.trim() || null });
  const save = async () => {
    try {
      const result = await edit.mutate({ i: {
        scenarioId: scenario.id, situation: input("situation"), worse: input("worse"), better: input("better"), why: input("why"),
        clientMutationId: editKey.current,
      } });
      setNotice(t(messages.saved));
      onSaved(result.editScenario);
    } catch {
      // shown below
    }
  };
  const approveIt = async () => {
    try {
      await approve.mutate({ i: { scenarioId: scenario.id, clientMutationId: approveKey.current } });
      setNotice(t(messages.approved));
      onApproved();
    } catch {
      // shown below
    }
  };
  const label = (field: Field) => t(messages[field]);
  return (
    <section aria-labelledby="scenario-editor" className="card team-editor">
      <h2 id="scenario-editor" ref={heading} tabIndex={-1}>{t(messages.editTitle)}</h2>
      <p className="team-help">{t(messages.editHelp)}</p>
      <form className="form" onSubmit={(event) => { event.preventDefault(); void save(); }}>
        {FIELDS.map((field) => (
          <fieldset key={field} className="team-fieldset">
            <legend>{label(field)}</legend>
            {(["et", "en"] as const).map((language) => (
              <div className="field" key={language}>
                <label htmlFor={`scenario-${field}-${language}`}>
                  {t(language === "et" ? messages.inEt : messages.inEn, { field: label(field) })}
                </label>
                <textarea id={`scenario-${field}-${language}`} rows={field === "situation" ? 4 : 2} lang={language}
                  maxLength={field === "situation" ? 2000 : 1000} readOnly={!mine || scenario.status !== "DRAFT"}
                  value={texts[field][language]} onChange={(event) => change(field, language, event.target.value)} />
              </div>
            ))}
          </fieldset>
        ))}
        <ErrorMessage error={edit.error ?? approve.error} />
        {notice && <p className="team-success" role="status">{notice}</p>}
        <div className="team-actions">
          {mine && scenario.status === "DRAFT" && <Button type="submit" isDisabled={edit.pending}>{t(messages.save)}</Button>}
          {canApprove && <Button variant="secondary" onPress={() => void approveIt()} isDisabled={approve.pending}>{t(messages.approve)}</Button>}
          <Button variant="quiet" onPress={onClose}>{t(messages.close)}</Button>
        </div>
        {!isHr(me) && <p className="team-help">{t(messages.approveNote)}</p>}
      </form>
    </section>
  );
}
