import { useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { HrPerson, InviteEmployee, SetEmployeeRole } from "../../graphql/documents";
import type { EmployeeRole } from "../../graphql/types";
import { newClientMutationId } from "../../lib/api";
import { useMutation, useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { Button } from "../../components/ui/Button";
import { Loading } from "../../components/ui/Loading";
import { ConfirmDialog } from "../../components/ui/ConfirmDialog";
import { useMe } from "../../app/session-context";
import { HrSections } from "./HrSections";
import { HrError } from "./HrError";
import { ROLES } from "./people-filters";
import { roleLabel } from "./roles";
import { RoleChangeList } from "./RoleChangeList";
import { messages } from "./messages";

/** The roles the signed-in person may give (the API's rule: HR between employee and manager, admin any). */
function grantableRoles(myRole: string, theirRole: string): readonly EmployeeRole[] {
  if (myRole === "admin") return ROLES;
  return ["employee", "manager"].includes(theirRole) ? ["EMPLOYEE", "MANAGER"] : [];
}

/** One person: their details, role (changed after a confirmation) with its history, and an invitation to send. */
export function PersonDetail() {
  const { id = "" } = useParams();
  const me = useMe();
  const { t, dateTime } = useI18n();
  const person = useQuery(HrPerson, { id });
  const setRole = useMutation(SetEmployeeRole);
  const invite = useMutation(InviteEmployee);
  const [role, setChosenRole] = useState<EmployeeRole | "">("");
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const roleKey = useRef<{ role: string; key: string } | null>(null);
  const inviteKey = useRef(newClientMutationId());

  const employee = person.data?.employee;
  if (person.loading && !person.data) return <Loading />;
  if (!employee) {
    return (
      <Page title={t(messages.notFound)}>
        <HrSections />
        <HrError error={person.error} onRetry={() => void person.refetch()} />
        <p><Link to="/people">{t(messages.personBack)}</Link></p>
      </Page>
    );
  }
  const options = me.id === employee.id ? [] : grantableRoles(me.role, employee.role);
  const chosen = role || (employee.role.toUpperCase() as EmployeeRole);

  async function changeRole() {
    // the same key while retrying the same change; a new one for a different role
    if (!roleKey.current || roleKey.current.role !== chosen) roleKey.current = { role: chosen, key: newClientMutationId() };
    try {
      const result = await setRole.mutate({ input: { employeeId: employee!.id, role: chosen, clientMutationId: roleKey.current.key } });
      roleKey.current = null;
      setConfirming(false);
      setDone(result.setEmployeeRole.changed ? t(messages.roleChanged, { role: roleLabel(t, chosen) }) : t(messages.roleUnchanged));
      setChosenRole("");
      await person.refetch();
    } catch {
      setConfirming(false);
    }
  }

  async function sendInvitation() {
    try {
      const result = await invite.mutate({ input: { employeeId: employee!.id, clientMutationId: inviteKey.current } });
      inviteKey.current = newClientMutationId();
      setDone(t(messages.invited, { email: result.inviteEmployee.employee.email, date: dateTime(result.inviteEmployee.expiresAt) }));
    } catch {
      /* shown below */
    }
  }

  const changes = person.data?.roleChanges.items ?? [];
  return (
    <Page title={employee.name}>
      <HrSections />
      <p><Link to="/people">{t(messages.personBack)}</Link></p>
      {done && <p className="hr-status" role="status">{done}</p>}
      <div className="card">
        <dl className="hr-dl">
          <dt>{t(messages.colJob)}</dt><dd>{employee.jobTitle}</dd>
          <dt>{t(messages.email)}</dt><dd>{employee.email}</dd>
          <dt>{t(messages.hrId)}</dt><dd>{employee.hrId}</dd>
          <dt>{t(messages.colRole)}</dt><dd>{roleLabel(t, employee.role)}</dd>
          <dt>{t(messages.colManager)}</dt><dd>{employee.manager ? <Link to={`/people/person/${employee.manager.id}`}>{employee.manager.name}</Link> : t(messages.noManager)}</dd>
          <dt>{t(messages.roleFamily)}</dt><dd>{employee.roleFamily}</dd>
          <dt>{t(messages.locale)}</dt><dd>{employee.locale}</dd>
          <dt>{t(messages.timeZone)}</dt><dd>{employee.timeZone}</dd>
          <dt>{t(messages.colStatus)}</dt><dd>{employee.active ? t(messages.active) : t(messages.inactive)}</dd>
        </dl>
        {["manager", "hr", "admin"].includes(employee.role) && (
          <p><Link to={`/people?manager=${employee.id}`} state={{ managerName: employee.name }}>{t(messages.showReports)}</Link></p>
        )}
      </div>

      {options.length > 1 && (
        <section className="card" aria-labelledby="hr-role-heading">
          <h2 id="hr-role-heading">{t(messages.changeRole)}</h2>
          <div className="field">
            <label htmlFor="hr-new-role">{t(messages.newRole)}</label>
            <select id="hr-new-role" value={chosen} onChange={(event) => { setChosenRole(event.target.value as EmployeeRole); setDone(null); }}>
              {options.map((option) => <option key={option} value={option}>{roleLabel(t, option)}</option>)}
            </select>
          </div>
          <HrError error={setRole.error} />
          <div className="hr-actions">
            <Button onPress={() => setConfirming(true)} isDisabled={chosen === employee.role.toUpperCase()}>{t(messages.changeRole)}</Button>
          </div>
        </section>
      )}

      <section className="card" aria-labelledby="hr-invite-heading">
        <h2 id="hr-invite-heading">{t(messages.invite)}</h2>
        <p className="hr-note">{t(messages.inviteNote)}</p>
        <HrError error={invite.error} />
        <Button variant="secondary" onPress={() => void sendInvitation()} isDisabled={invite.pending || !employee.active}>{t(messages.invite)}</Button>
      </section>

      <section aria-labelledby="hr-history-heading">
        <h2 id="hr-history-heading">{t(messages.roleHistory)}</h2>
        {changes.length === 0 ? <p>{t(messages.noRoleHistory)}</p> : (
          <RoleChangeList changes={changes} />
        )}
      </section>

      <ConfirmDialog
        isOpen={confirming}
        title={t(messages.confirmRoleTitle)}
        body={t(messages.confirmRole, { name: employee.name, role: roleLabel(t, chosen) })}
        confirmLabel={t(messages.confirmRoleButton)}
        cancelLabel={t(messages.cancel)}
        pending={setRole.pending}
        onConfirm={() => void changeRole()}
        onCancel={() => setConfirming(false)}
      />
    </Page>
  );
}
