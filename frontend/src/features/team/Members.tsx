// The team's people: a table on wide screens, cards on phones; each with a labelled checkbox for assigning, today's
// lesson marked in words (not colour only), sorted and paged by the API.
import type { TeamDepth } from "../../graphql/types";
import { useI18n } from "../../lib/i18n";
import { Button } from "../../components/ui/Button";
import { messages } from "./messages";
import { useWide } from "./shared";
import { type SortKey, type Team } from "./Workspace";

/** The people picked for an assignment: id -> name (kept across pages). */
export type Selection = Map<string, string>;
type Member = Team["members"]["items"][number];

const SORT_LABELS: Record<SortKey, keyof typeof messages> = {
  NAME_ASC: "sortNameAsc",
  NAME_DESC: "sortNameDesc",
  STREAK_DESC: "sortStreakDesc",
  STREAK_ASC: "sortStreakAsc",
  LESSONS_DESC: "sortLessonsDesc",
  LESSONS_ASC: "sortLessonsAsc",
};

export function Members(props: {
  team: Team;
  sort: SortKey;
  onSort: (sort: SortKey) => void;
  depth: TeamDepth;
  onDepth: (depth: TeamDepth) => void;
  page: number;
  onNext: () => void;
  onPrevious: () => void;
  selection: Selection;
  onSelection: (selection: Selection) => void;
}) {
  const { t } = useI18n();
  const wide = useWide();
  const { team, selection, onSelection } = props;
  const people = team.members.items;
  const notDone = people.filter((person) => !person.progress.doneToday).length;
  const toggle = (person: Member, on: boolean) => {
    const next = new Map(selection);
    if (on) next.set(person.id, person.name);
    else next.delete(person.id);
    onSelection(next);
  };
  const allOnPage = people.length > 0 && people.every((person) => selection.has(person.id));
  const togglePage = (on: boolean) => {
    const next = new Map(selection);
    people.forEach((person) => (on ? next.set(person.id, person.name) : next.delete(person.id)));
    onSelection(next);
  };

  return (
    <section aria-labelledby="team-members" className="card">
      <h2 id="team-members">{t(messages.members)}</h2>
      <div className="team-controls">
        <div className="field">
          <label htmlFor="team-depth">{t(messages.depth)}</label>
          <select id="team-depth" value={props.depth} onChange={(event) => props.onDepth(event.target.value as TeamDepth)}>
            <option value="SUBTREE">{t(messages.depthSubtree)}</option>
            <option value="DIRECT">{t(messages.depthDirect)}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="team-sort">{t(messages.sort)}</label>
          <select id="team-sort" value={props.sort} onChange={(event) => props.onSort(event.target.value as SortKey)}>
            {(Object.keys(SORT_LABELS) as SortKey[]).map((key) => (
              <option key={key} value={key}>{t(messages[SORT_LABELS[key]])}</option>
            ))}
          </select>
        </div>
      </div>
      {people.length === 0 ? (
        <p>{t(messages.noMembers)}</p>
      ) : (
        <>
          <p className={notDone ? "team-not-done-note" : "team-all-done-note"} role="status">
            {notDone ? t(messages.notDoneCount, { count: notDone }) : t(messages.allDone)}
          </p>
          <label className="team-check team-check-all">
            <input type="checkbox" checked={allOnPage} onChange={(event) => togglePage(event.target.checked)} />
            <span>{t(messages.selectPage)}</span>
          </label>
          {wide ? (
            <MemberTable people={people} selection={selection} onToggle={toggle} sort={props.sort} onSort={props.onSort} />
          ) : (
            <ul className="team-cards">
              {people.map((person) => (
                <MemberCard key={person.id} person={person} checked={selection.has(person.id)} onToggle={toggle} />
              ))}
            </ul>
          )}
        </>
      )}
      {(props.page > 1 || team.members.pageInfo.hasNextPage) && (
        <nav className="team-pager" aria-label={t(messages.pages)}>
          <Button variant="secondary" isDisabled={props.page <= 1} onPress={props.onPrevious}>{t(messages.previous)}</Button>
          <span>{t(messages.pageNumber, { page: props.page })}</span>
          <Button variant="secondary" isDisabled={!team.members.pageInfo.hasNextPage} onPress={props.onNext}>{t(messages.next)}</Button>
        </nav>
      )}
    </section>
  );
}

function TodayMark({ done }: { done: boolean }) {
  const { t } = useI18n();
  return <span className={done ? "team-done" : "team-not-done"}>{done ? t(messages.doneToday) : t(messages.notDoneToday)}</span>;
}

function Assigned({ person }: { person: Member }) {
  const { t, date } = useI18n();
  if (person.openAssignments.length === 0) return <>{t(messages.none)}</>;
  return (
    <ul className="team-assigned">
      {person.openAssignments.map((assignment) => (
        <li key={assignment.id}>
          {assignment.dueDate
            ? t(messages.assignedItem, { title: assignment.lesson.title, due: date(assignment.dueDate, { day: "numeric", month: "long" }) })
            : t(messages.assignedNoDue, { title: assignment.lesson.title })}
        </li>
      ))}
    </ul>
  );
}

function useFigures() {
  const { t, number } = useI18n();
  return {
    streak: (person: Member) => t(messages.streakDays, { count: person.progress.currentStreak }),
    lessons: (person: Member) => t(messages.ofTarget, {
      done: number(person.progress.lessonsCompleted30Days.completed), target: number(person.progress.lessonsCompleted30Days.target),
    }),
  };
}

type Column = "NAME" | "STREAK" | "LESSONS";
// a column's first click: names A-Z, figures highest first; a second click turns the order round
const FIRST: Record<Column, SortKey> = { NAME: "NAME_ASC", STREAK: "STREAK_DESC", LESSONS: "LESSONS_DESC" };

function MemberTable({ people, selection, onToggle, sort, onSort }: {
  people: Member[]; selection: Selection; onToggle: (person: Member, on: boolean) => void; sort: SortKey;
  onSort: (sort: SortKey) => void;
}) {
  const { t } = useI18n();
  const figures = useFigures();
  const ariaSort = (column: Column) =>
    sort.startsWith(column) ? (sort.endsWith("ASC") ? "ascending" : "descending") : undefined;
  const header = (column: Column, label: string) => {
    const current = ariaSort(column);
    const next = current ? (sort.endsWith("ASC") ? sort.replace("ASC", "DESC") : sort.replace("DESC", "ASC")) as SortKey : FIRST[column];
    return (
      <th scope="col" aria-sort={current}>
        <button type="button" className="team-sort-button" onClick={() => onSort(next)}>
          {label}<span aria-hidden="true">{current === "ascending" ? " ▲" : current === "descending" ? " ▼" : ""}</span>
        </button>
      </th>
    );
  };
  return (
    <div className="table-scroll">
      <table className="team-table">
        <thead>
          <tr>
            <th scope="col">{t(messages.colSelect)}</th>
            {header("NAME", t(messages.colName))}
            <th scope="col">{t(messages.colToday)}</th>
            {header("STREAK", t(messages.colStreak))}
            {header("LESSONS", t(messages.colLessons))}
            <th scope="col">{t(messages.colAssigned)}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.id} className={person.progress.doneToday ? undefined : "team-row-not-done"}>
              <td>
                <label className="team-check">
                  <input type="checkbox" checked={selection.has(person.id)} onChange={(event) => onToggle(person, event.target.checked)} />
                  <span className="visually-hidden">{t(messages.selectPerson, { name: person.name })}</span>
                </label>
              </td>
              <th scope="row">
                <span className="team-name">{person.name}</span>
                <span className="team-job">{person.jobTitle}</span>
              </th>
              <td><TodayMark done={person.progress.doneToday} /></td>
              <td>{figures.streak(person)}</td>
              <td>
                {figures.lessons(person)}
                {person.progress.overdueAssignments > 0 && (
                  <span className="team-overdue"> · {t(messages.overdueMark, { count: person.progress.overdueAssignments })}</span>
                )}
              </td>
              <td><Assigned person={person} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MemberCard({ person, checked, onToggle }: { person: Member; checked: boolean; onToggle: (person: Member, on: boolean) => void }) {
  const { t } = useI18n();
  const figures = useFigures();
  return (
    <li className={`team-card ${person.progress.doneToday ? "" : "team-row-not-done"}`.trim()}>
      <label className="team-check team-card-head">
        <input type="checkbox" checked={checked} aria-label={t(messages.selectPerson, { name: person.name })}
          onChange={(event) => onToggle(person, event.target.checked)} />
        <span>
          <span className="team-name">{person.name}</span>
          <span className="team-job">{person.jobTitle}</span>
        </span>
      </label>
      <p className="team-card-line"><TodayMark done={person.progress.doneToday} /></p>
      <p className="team-card-line">{t(messages.streakLabel, { value: figures.streak(person) })}</p>
      <p className="team-card-line">
        {t(messages.lessonsLabel, { value: figures.lessons(person) })}
        {person.progress.overdueAssignments > 0 && (
          <span className="team-overdue"> · {t(messages.overdueMark, { count: person.progress.overdueAssignments })}</span>
        )}
      </p>
      {person.openAssignments.length > 0 && (
        <div className="team-card-line">
          <span>{t(messages.colAssigned)}:</span> <Assigned person={person} />
        </div>
      )}
    </li>
  );
}
