// The direct reports who lead people: one row per subtree, opening that team (managers above it, HR and admin may).
import { Link } from "react-router";
import { useI18n } from "../../lib/i18n";
import { messages } from "./messages";
import { teamPath, useWide } from "./shared";
import type { Team } from "./Workspace";

export function Subteams({ team }: { team: Team }) {
  const { t, number } = useI18n();
  const wide = useWide();
  const lessons = (sub: Team["subteams"][number]) => t(messages.ofTarget, {
    done: number(sub.progress.lessonsCompleted30Days.completed), target: number(sub.progress.lessonsCompleted30Days.target),
  });
  const link = (sub: Team["subteams"][number]) => (
    <Link to={teamPath(sub.managerId)} aria-label={t(messages.openSubteam, { name: sub.manager.name })}>{sub.manager.name}</Link>
  );
  return (
    <section aria-labelledby="team-subteams" className="card">
      <h2 id="team-subteams">{t(messages.subteams)}</h2>
      {team.subteams.length === 0 ? (
        <p>{t(messages.noSubteams)}</p>
      ) : wide ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(messages.colLead)}</th>
                <th scope="col">{t(messages.colPeople)}</th>
                <th scope="col">{t(messages.colActive7)}</th>
                <th scope="col">{t(messages.colLessons)}</th>
                <th scope="col">{t(messages.colOverdue)}</th>
              </tr>
            </thead>
            <tbody>
              {team.subteams.map((sub) => (
                <tr key={sub.managerId}>
                  <th scope="row">{link(sub)} <span className="team-job">{sub.manager.jobTitle}</span></th>
                  <td>{number(sub.progress.headcount)}</td>
                  <td>{number(sub.progress.activeLearners7Days)}</td>
                  <td>{lessons(sub)}</td>
                  <td>{number(sub.progress.overdueAssignments)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ul className="team-cards">
          {team.subteams.map((sub) => (
            <li key={sub.managerId} className="team-card">
              <p className="team-name">{link(sub)}</p>
              <p className="team-job">{sub.manager.jobTitle} · {t(messages.headcount, { count: sub.progress.headcount })}</p>
              <p className="team-card-line">{t(messages.subteamActive, { value: number(sub.progress.activeLearners7Days) })}</p>
              <p className="team-card-line">{t(messages.lessonsLabel, { value: lessons(sub) })}</p>
              <p className="team-card-line">{t(messages.subteamOverdue, { value: number(sub.progress.overdueAssignments) })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
