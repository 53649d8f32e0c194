import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { Input, Label, SearchField } from "react-aria-components";
import { HrPeople, HrRoleChanges } from "../../graphql/documents";
import { request } from "../../lib/api";
import { useQuery } from "../../lib/hooks";
import { RoleChangeList } from "./RoleChangeList";
import { useI18n } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { Button } from "../../components/ui/Button";
import { Loading } from "../../components/ui/Loading";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { HrSections } from "./HrSections";
import { matches, ROLES, serverVariables, type PeopleFilters, type PersonRow } from "./people-filters";
import { messages } from "./messages";
import { roleLabel } from "./roles";

/** Everyone in the organisation, 100 at a time, searchable and filterable. */
export function PeopleList() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<PeopleFilters>({ search: "", role: "", includeInactive: false });
  const [rows, setRows] = useState<PersonRow[]>([]);
  const [cursor, setCursor] = useState<{ endCursor: string | null; hasNextPage: boolean } | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const serverKey = JSON.stringify(serverVariables(filters, null));

  async function load(after: string | null) {
    setLoading(true);
    setError(null);
    try {
      const data = await request(HrPeople, serverVariables(filters, after));
      setRows((previous) => (after ? [...previous, ...data.employees.items] : data.employees.items));
      setCursor(data.employees.pageInfo);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void load(null), [serverKey]);

  const changes = useQuery(HrRoleChanges, { first: 10 });
  const shown = useMemo(() => rows.filter((person) => matches(person, filters)), [rows, filters]);
  const set = (patch: Partial<PeopleFilters>) => setFilters((previous) => ({ ...previous, ...patch }));

  return (
    <Page title={t(messages.peopleTitle)}>
      <HrSections />
      <div className="hr-filters">
        <SearchField className="field" value={filters.search} onChange={(search) => set({ search })}>
          <Label>{t(messages.search)}</Label>
          <Input />
        </SearchField>
        <div className="field">
          <label htmlFor="hr-role-filter">{t(messages.filterRole)}</label>
          <select id="hr-role-filter" value={filters.role} onChange={(event) => set({ role: event.target.value })}>
            <option value="">{t(messages.anyRole)}</option>
            {ROLES.map((role) => <option key={role} value={role}>{roleLabel(t, role)}</option>)}
          </select>
        </div>
        <label className="hr-check">
          <input type="checkbox" checked={filters.includeInactive} onChange={(event) => set({ includeInactive: event.target.checked })} />
          {t(messages.includeInactive)}
        </label>
      </div>
      <ErrorMessage error={error} onRetry={() => void load(null)} />
      <p className="hr-note" role="status">
        {t(messages.shown, { count: shown.length, total: rows.length })}
        {cursor?.hasNextPage ? ` ${t(messages.searchNote)}` : ""}
      </p>
      {!loading && !error && shown.length === 0 && <p>{t(messages.nobody)}</p>}
      {shown.length > 0 && (
        <>
          <ul className="hr-cards hr-phone-only" aria-label={t(messages.peopleTitle)}>
            {shown.map((person) => (
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
              {shown.map((person) => (
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
