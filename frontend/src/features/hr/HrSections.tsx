import { NavLink } from "react-router";
import { useI18n } from "../../lib/i18n";
import { messages } from "./messages";

/** The HR sections as links (each a sub-route), shown under each screen's heading. */
export function HrSections() {
  const { t } = useI18n();
  const sections = [
    ["/people", messages.tabPeople, true],
    ["/people/import", messages.tabImport, false],
    ["/people/invitations", messages.tabInvitations, false],
    ["/people/values", messages.tabValues, false],
    ["/people/exports", messages.tabExports, false],
    ["/people/items", messages.tabItems, false],
  ] as const;
  return (
    <nav aria-label={t(messages.sections)} className="hr-sections">
      {sections.map(([to, label, end]) => <NavLink key={to} to={to} end={end}>{t(label)}</NavLink>)}
    </nav>
  );
}
