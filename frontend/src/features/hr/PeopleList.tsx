import { useEffect, useState } from "react";
import { Link, useLocation, useSearchParams } from "react-router";
import { Input, Label, SearchField } from "react-aria-components";
import { HrPeople, HrRoleChanges } from "../../graphql/documents";
import type { EmployeeRole, EmployeeStatus } from "../../graphql/types";
import { request } from "../../lib/api";
import { useQuery } from "../../lib/hooks";
import { useI18n, type Message } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { Button } from "../../components/ui/Button";
import { Loading } from "../../components/ui/Loading";
import { HrSections } from "./HrSections";
import { HrError } from "./HrError";
import { RoleChangeList } from "./RoleChangeList";
import { MAX_SEARCH, ROLES, serverVariables, STATUSES, type PeopleFilters, type PersonRow } from "./people-filters";
import { messages } from "./messages";
import { roleLabel } from "./roles";

const STATUS_LABEL: Record<EmployeeStatus, Message> = { ACTIVE: messages.statusACTIVE, ARCHIVED: messages.statusARCHIVED, ALL: messages.statusALL };

/** The search as typed, sent once typing pauses. */
function useSettled(value: string, milliseconds = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), milliseconds);
    return () => clearTimeout(timer);
  }, [value, milliseconds]);
  return settled;
}

/** Everyone in the organisation, 100 at a time, searched and filtered by the API; ?manager=<id> shows one's reports. */
export function PeopleList() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const managerName = (useLocation().state as { managerName?: string } | null)?.managerName;
  const [search, setSearch] = useState("");
  const [role, setRole] = useState<EmployeeRole | "">("");
  const [status, setStatus] = useState<EmployeeStatus>("ACTIVE");
  const filters: PeopleFilters = { search: useSettled(search), role, status, managerId: params.get("manager") };
  const [rows, setRows] = useState<PersonRow[]>([]);
  const [cursor, setCursor] = useState<{ endCursor: string | null; hasNextPage: boolean } | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const key = JSON.stringify(serverVariables(filters, null));
  const changes = useQuery(HrRoleChanges, { first: 10 });

  async function load(after: string | null) {
    setLoading(true);
    setError(null);
    try {
      const data = await request(HrPeople, { ...(JSON.parse(key) as object), after });
      setRows((previous) => (after ? [...previous, ...data.employees.items] : data.employees.items));
      setCursor(data.employees.pageInfo);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void load(null), [key]);

  return (
    <Page title={t(messages.peopleTitle)}>
      <HrSections />
      <div className="hr-filters">
        <SearchField className="field" value={search} onChange={setSearch} maxLength={MAX_SEARCH}>
          <Label>{t(messages.search)}</Label>
          <Input />
        </SearchField>
        <div className="field">
          <label htmlFor="hr-role-filter">{t(messages.filterRole)}</label>
          <select id="hr-role-filter" value={role} onChange={(event) => setRole(event.target.value as EmployeeRole | "")}>
            <option value="">{t(messages.anyRole)}</option>
            {ROLES.map((option) => <option key={option} value={option}>{roleLabel(t, option)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="hr-status-filter">{t(messages.filterStatus)}</label>
          <select id="hr-status-filter" value={status} onChange={(event) => setStatus(event.target.value as EmployeeStatus)}>
            {STATUSES.map((option) => <option key={option} value={option}>{t(STATUS_LABEL[option])}</option>)}
          </select>
        </div>
      </div>
      {filters.managerId && (
        <div className="hr-actions">
          <strong>{managerName ? t(messages.reportsOf, { name: managerName }) : t(messages.reportsOfChosen)}</strong>
          <Button variant="secondary" onPress={() => setParams({})}>{t(messages.clearManager)}</Button>
        </div>
      )}
      <HrError error={error} onRetry={() => void load(null)} />
      <p className="hr-note" role="status">
        {cursor?.hasNextPage ? t(messages.shownMore, { count: rows.length }) : t(messages.shown, { count: rows.length })}
      </p>
      {!loading && !error && rows.length === 0 && <p>{t(messages.nobody)}</p>}
      {rows.length > 0 && (
        <>
          <ul className="hr-cards hr-phone-only" aria-label={t(messages.peopleTitle)}>
            {rows.map((person) => (
              <li key={person.id}>
                <Link to={`/people/person/${person.id}`}>{person.name}</Link>
                <div>{person.jobTitle} · {roleLabel(t, person.role)}</div>
                <div className="hr-muted">{person.email}</div>
                {!person.active && <span className="hr-badge hr-badge-warn">{t(messages.inactive)}</span>}
              </li>
            ))}
          </ul>
          <table className="hr-table">
            <caption className="visually-hidden">{t(messages.peopleTitle)}</caption>
            <thead>
              <tr>
                <th scope="col">{t(messages.colName)}</th>
                <th scope="col">{t(messages.colJob)}</th>
                <th scope="col">{t(messages.colRole)}</th>
                <th scope="col">{t(messages.colManager)}</th>
                <th scope="col">{t(messages.colStatus)}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((person) => (
                <tr key={person.id}>
                  <td><Link to={`/people/person/${person.id}`}>{person.name}</Link><div className="hr-muted">{person.email}</div></td>
                  <td>{person.jobTitle}</td>
                  <td>{roleLabel(t, person.role)}</td>
                  <td>{person.manager?.name ?? "–"}</td>
                  <td>{person.active ? t(messages.active) : <span className="hr-badge hr-badge-warn">{t(messages.inactive)}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {loading && <Loading />}
      {cursor?.hasNextPage && !loading && (
        <div className="hr-actions"><Button variant="secondary" onPress={() => void load(cursor.endCursor)}>{t(messages.showMore)}</Button></div>
      )}
      {changes.data && changes.data.roleChanges.items.length > 0 && (
        <section aria-labelledby="hr-recent-changes">
          <h2 id="hr-recent-changes">{t(messages.recentRoleChanges)}</h2>
          <RoleChangeList changes={changes.data.roleChanges.items} />
        </section>
      )}
    </Page>
  );
}
