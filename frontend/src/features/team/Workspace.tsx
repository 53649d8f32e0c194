// One team's overview: the subtree's figures, its people (sortable, paged, who has not done today's lesson marked),
// assigning a lesson to those selected, the subteams to drill into, charts and coaching needs.
import { lazy, Suspense, useState } from "react";
import { Link, useParams } from "react-router";
import { TeamWorkspace } from "../../graphql/documents";
import type { TeamMemberSort, TeamDepth, TeamWorkspaceQuery } from "../../graphql/types";
import { useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { Loading } from "../../components/ui/Loading";
import { isHr, useMe } from "../../app/session-context";
import { messages } from "./messages";
import { errorCode, TeamViews } from "./shared";
import { Members, type Selection } from "./Members";
import { AssignLesson } from "./AssignLesson";
import { Subteams } from "./Subteams";
import { CoachingNeeds } from "./CoachingNeeds";
import { ChooseTeam } from "./ChooseTeam";

// Recharts comes with the charts only (their own chunk, loaded when the workspace shows).
const Charts = lazy(() => import("./Charts"));

export type SortKey = "NAME_ASC" | "NAME_DESC" | "STREAK_DESC" | "STREAK_ASC" | "LESSONS_DESC" | "LESSONS_ASC";
export const SORTS: Record<SortKey, { sortBy: TeamMemberSort; descending: boolean }> = {
  NAME_ASC: { sortBy: "NAME", descending: false },
  NAME_DESC: { sortBy: "NAME", descending: true },
  STREAK_DESC: { sortBy: "CURRENT_STREAK", descending: true },
  STREAK_ASC: { sortBy: "CURRENT_STREAK", descending: false },
  LESSONS_DESC: { sortBy: "LESSONS_30_DAYS", descending: true },
  LESSONS_ASC: { sortBy: "LESSONS_30_DAYS", descending: false },
};
export const PAGE_SIZE = 25;

export type Team = TeamWorkspaceQuery["team"];

export function Workspace() {
  const { managerId } = useParams();
  const { t } = useI18n();
  const me = useMe();
  const [sort, setSort] = useState<SortKey>("NAME_ASC");
  const [depth, setDepth] = useState<TeamDepth>("SUBTREE");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selection, setSelection] = useState<Selection>(new Map());
  const [lessonHint, setLessonHint] = useState<{ lessonId: string; key: number } | null>(null);
  const after = cursors[cursors.length - 1];
  const { data, error, loading, refetch } = useQuery(TeamWorkspace, {
    m: managerId ?? null, first: PAGE_SIZE, after, sort: SORTS[sort].sortBy, desc: SORTS[sort].descending, depth,
  });
  const restart = () => setCursors([null]);

  if (!data && errorCode(error) === "NO_TEAM" && !managerId && isHr(me)) return <ChooseTeam noTeamOfMyOwn />;
  const team = data?.team;
  const title = team && managerId ? t(messages.teamOf, { name: team.manager.name }) : t(messages.title);
  return (
    <Page title={title}>
      <TeamViews managerId={team ? managerId : undefined} />
      {loading && !data && <Loading />}
      {error && (
        <>
          <ErrorMessage error={error} onRetry={() => void refetch()} />
          {managerId && <p><Link to="/team">{t(messages.backToOwn)}</Link></p>}
        </>
      )}
      {team && (
        <>
          {managerId && team.manager.id !== me.id && (
            <p className="no-print"><Link to="/team">{t(messages.backToOwn)}</Link></p>
          )}
          <Summary team={team} />
          <Members
            team={team}
            sort={sort}
            onSort={(next) => { setSort(next); restart(); }}
            depth={depth}
            onDepth={(next) => { setDepth(next); restart(); }}
            page={cursors.length}
            onNext={() => team.members.pageInfo.endCursor && setCursors([...cursors, team.members.pageInfo.endCursor])}
            onPrevious={() => setCursors(cursors.slice(0, -1))}
            selection={selection}
            onSelection={setSelection}
          />
          <AssignLesson
            selection={selection}
            onClear={() => setSelection(new Map())}
            onAssigned={() => { setSelection(new Map()); void refetch(); }}
            hint={lessonHint}
          />
          <Subteams team={team} />
          <Suspense fallback={<p className="loading" role="status">{t(messages.chartsLoading)}</p>}>
            <Charts managerId={team.managerId} />
          </Suspense>
          <CoachingNeeds
            managerId={team.managerId}
            onAssign={(employee, lessonId) => {
              setSelection(new Map([[employee.id, employee.name]]));
              setLessonHint({ lessonId, key: Date.now() });
              document.getElementById("assign-lesson")?.scrollIntoView({ block: "start" });
            }}
          />
        </>
      )}
    </Page>
  );
}

function Summary({ team }: { team: Team }) {
  const { t, number } = useI18n();
  const p = team.progress;
  const figures: [string, string][] = [
    [t(messages.headcountLabel), number(p.headcount)],
    [t(messages.active7), number(p.activeLearners7Days)],
    [t(messages.lessons30), t(messages.ofTarget, { done: number(p.lessonsCompleted30Days.completed), target: number(p.lessonsCompleted30Days.target) })],
    [t(messages.meanStreak), number(p.meanCurrentStreak, { maximumFractionDigits: 1 })],
    [t(messages.overdue), number(p.overdueAssignments)],
    [t(messages.assignmentsDone30), number(p.completedAssignments30Days)],
  ];
  return (
    <section aria-labelledby="team-summary" className="card">
      <h2 id="team-summary">{t(messages.summary)}</h2>
      <dl className="team-figures">
        {figures.map(([label, value]) => (
          <div key={label}><dt>{label}</dt><dd>{value}</dd></div>
        ))}
      </dl>
    </section>
  );
}

