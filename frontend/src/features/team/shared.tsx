// Pieces every part of the team workspace uses: the layout switch (table on wide screens, cards on phones), the
// links between the workspace's views, and labels for categories and topics.
import { useEffect, useState } from "react";
import { NavLink } from "react-router";
import { ApiError } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { isHr, useMe } from "../../app/session-context";
import { categories, messages, topics } from "./messages";

const WIDE = "(min-width: 720px)";

/** True on screens wide enough for a table. */
export function useWide(): boolean {
  const [wide, setWide] = useState(() => window.matchMedia(WIDE).matches);
  useEffect(() => {
    const query = window.matchMedia(WIDE);
    const update = () => setWide(query.matches);
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);
  return wide;
}

export const errorCode = (error: unknown): string | null => (error instanceof ApiError ? error.code : null);

/** Where a team's views live: /team (one's own) or /team/of/<manager id>. */
export const teamPath = (managerId?: string) => (managerId ? `/team/of/${managerId}` : "/team");

/** The workspace's views; `withoutTeam` for HR and admin with nobody under them (their own team does not exist). */
export function TeamViews({ managerId, withoutTeam = false }: { managerId?: string; withoutTeam?: boolean }) {
  const { t } = useI18n();
  const me = useMe();
  return (
    <nav className="team-views no-print" aria-label={t(messages.sections)}>
      {!withoutTeam && <NavLink to={teamPath(managerId)} end>{t(messages.overviewLink)}</NavLink>}
      <NavLink to="/team/scenarios">{t(messages.scenariosLink)}</NavLink>
      {!withoutTeam && <NavLink to={`${teamPath(managerId)}/codes`}>{t(messages.codesLink)}</NavLink>}
      {isHr(me) && <NavLink to="/team/choose">{t(messages.chooseLink)}</NavLink>}
    </nav>
  );
}

export function useCategoryLabel(): (category: string | null) => string {
  const { t } = useI18n();
  return (category) => {
    if (!category) return t(messages.noCategory);
    const key = category.toUpperCase() as keyof typeof categories;
    return categories[key] ? t(categories[key]) : category;
  };
}

export function useTopicLabel(): (topic: string) => string {
  const { t } = useI18n();
  return (topic) => {
    const key = topic.toUpperCase() as keyof typeof topics;
    return topics[key] ? t(topics[key]) : topic;
  };
}

export { localDay } from "./figures";
