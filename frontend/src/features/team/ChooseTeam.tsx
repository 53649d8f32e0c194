// HR and admin: open any manager's team. The list is everyone with the manager or admin role from the people in
// scope (pages of 100, filtered by name here: a people search on the server is coming).
import { useState } from "react";
import { Link } from "react-router";
import { TeamManagers } from "../../graphql/documents";
import type { TeamManagersQuery } from "../../graphql/types";
import { useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { Loading } from "../../components/ui/Loading";
import { Button } from "../../components/ui/Button";
import { messages } from "./messages";
import { TeamViews, teamPath } from "./shared";

type Person = TeamManagersQuery["employees"]["items"][number];

export function ChooseTeam({ noTeamOfMyOwn = false }: { noTeamOfMyOwn?: boolean }) {
  const { t } = useI18n();
  const [after, setAfter] = useState<string | null>(null);
  const [earlier, setEarlier] = useState<Person[]>([]);
  const [filter, setFilter] = useState("");
  const { data, error, loading, refetch } = useQuery(TeamManagers, { after });
  const people = [...earlier, ...(data?.employees.items ?? [])];
  const needle = filter.trim().toLocaleLowerCase();
  const managers = people.filter((person) => ["manager", "admin"].includes(person.role)
    && (!needle || person.name.toLocaleLowerCase().includes(needle)));
  const more = data?.employees.pageInfo;
  return (
    <Page title={t(messages.chooseTitle)}>
      <TeamViews withoutTeam={noTeamOfMyOwn} />
      <p>{noTeamOfMyOwn ? t(messages.noTeamOwn) : t(messages.chooseHelp)}</p>
      <div className="field team-filter">
        <label htmlFor="team-filter">{t(messages.filter)}</label>
        <input id="team-filter" type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
      </div>
      {loading && !data && <Loading />}
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {data && managers.length === 0 && <p>{t(messages.noManagers)}</p>}
      <ul className="team-cards">
        {managers.map((person) => (
          <li key={person.id} className="team-card">
            <Link className="team-name" to={teamPath(person.id)}>{person.name}</Link>
            <span className="team-job">{person.jobTitle}</span>
          </li>
        ))}
      </ul>
      {more?.hasNextPage && (
        <Button variant="secondary" onPress={() => { setEarlier(people); setAfter(more.endCursor); }}>{t(messages.loadMore)}</Button>
      )}
    </Page>
  );
}
