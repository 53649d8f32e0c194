// HR and admin: open any manager's team. Managers and admins (who lead the top of the tree) by name, searched on the
// server (employees' filter: part of a name or e-mail).
import { useEffect, useState } from "react";
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

type Person = TeamManagersQuery["managers"]["items"][number];
const TYPING_PAUSE_MS = 300;

export function ChooseTeam({ noTeamOfMyOwn = false }: { noTeamOfMyOwn?: boolean }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const [after, setAfter] = useState<string | null>(null);
  const [earlier, setEarlier] = useState<Person[]>([]);
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(typed.trim());
      setAfter(null);
      setEarlier([]);
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  const { data, error, loading, refetch } = useQuery(TeamManagers, { search: search || null, after });
  // admins first (the top of the tree), on the first page only
  const people = [...(after === null ? data?.admins.items ?? [] : []), ...earlier, ...(data?.managers.items ?? [])];
  const more = data?.managers.pageInfo;
  return (
    <Page title={t(messages.chooseTitle)}>
      <TeamViews withoutTeam={noTeamOfMyOwn} />
      <p>{noTeamOfMyOwn ? t(messages.noTeamOwn) : t(messages.chooseHelp)}</p>
      <div className="field team-filter">
        <label htmlFor="team-filter">{t(messages.filter)}</label>
        <input id="team-filter" type="search" value={typed} onChange={(event) => setTyped(event.target.value)} />
      </div>
      {loading && !data && <Loading />}
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {data && people.length === 0 && <p>{t(messages.noManagers)}</p>}
      <ul className="team-cards" aria-busy={loading}>
        {people.map((person) => (
          <li key={person.id} className="team-card">
            <Link className="team-name" to={teamPath(person.id)}>{person.name}</Link>
            <span className="team-job">{person.jobTitle}</span>
          </li>
        ))}
      </ul>
      {more?.hasNextPage && (
        <Button variant="secondary" onPress={() => { setEarlier([...earlier, ...(data?.managers.items ?? [])]); setAfter(more.endCursor); }}>
          {t(messages.loadMore)}
        </Button>
      )}
    </Page>
  );
}
