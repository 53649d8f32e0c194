import { useRef, useState } from "react";
import { HrPeople, InviteEmployee } from "../../graphql/documents";
import { newClientMutationId } from "../../lib/api";
import { useMutation, useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { Button } from "../../components/ui/Button";
import { Loading } from "../../components/ui/Loading";
import { HrSections } from "./HrSections";
import { HrError } from "./HrError";
import { PAGE_SIZE } from "./people-filters";
import { messages } from "./messages";

type Sent = { id: string; name: string; email: string; expiresAt: string };

/** Invite someone to set a password. The API does not list pending invitations, so this shows the ones sent here. */
export function Invitations() {
  const { t, dateTime } = useI18n();
  const people = useQuery(HrPeople, { first: PAGE_SIZE });
  const invite = useMutation(InviteEmployee);
  const [who, setWho] = useState("");
  const [sent, setSent] = useState<Sent[]>([]);
  const key = useRef<{ who: string; key: string } | null>(null);

  async function send() {
    if (!key.current || key.current.who !== who) key.current = { who, key: newClientMutationId() };
    try {
      const result = await invite.mutate({ input: { employeeId: who, clientMutationId: key.current.key } });
      key.current = null;
      const { employee, expiresAt } = result.inviteEmployee;
      setSent((previous) => [{ id: employee.id, name: employee.name, email: employee.email, expiresAt }, ...previous.filter((s) => s.id !== employee.id)]);
    } catch {
      /* shown below */
    }
  }

  return (
    <Page title={t(messages.invitationsTitle)}>
      <HrSections />
      <p>{t(messages.invitationsIntro)}</p>
      <HrError error={people.error} onRetry={() => void people.refetch()} />
      {people.loading && !people.data ? <Loading /> : (
        <div className="card form">
          <div className="field">
            <label htmlFor="hr-invite-who">{t(messages.invitePerson)}</label>
            <select id="hr-invite-who" value={who} onChange={(event) => { setWho(event.target.value); invite.reset(); }}>
              <option value="">{t(messages.pickPerson)}</option>
              {people.data?.employees.items.map((person) => (
                <option key={person.id} value={person.id}>{person.name} ({person.email})</option>
              ))}
            </select>
          </div>
          <p className="hr-note">{t(messages.inviteNote)}</p>
          <HrError error={invite.error} />
          <div><Button isDisabled={!who || invite.pending} onPress={() => void send()}>{t(messages.invite)}</Button></div>
        </div>
      )}
      <h2>{t(messages.sentNow)}</h2>
      <p className="hr-note">{t(messages.noPendingList)}</p>
      {sent.length > 0 && (
        <ul className="hr-cards" role="status">
          {sent.map((s) => <li key={s.id}>{t(messages.invited, { email: `${s.name} <${s.email}>`, date: dateTime(s.expiresAt) })}</li>)}
        </ul>
      )}
    </Page>
  );
}
