// The HR screens (HR and admin): people, org import, invitations, company values, exports, item analysis. Each is
// its own sub-route with its own heading; anyone else who opens /app/people/ is told plainly they may not.
import { Link, Route, Routes } from "react-router";
import { Page } from "../../components/ui/Page";
import { useI18n } from "../../lib/i18n";
import { isHr, useMe } from "../../app/session-context";
import { PeopleList } from "./PeopleList";
import { PersonDetail } from "./PersonDetail";
import { OrgImport } from "./OrgImport";
import { Invitations } from "./Invitations";
import { CompanyValues } from "./CompanyValues";
import { Exports } from "./Exports";
import { ItemStatistics } from "./ItemStatistics";
import { messages } from "./messages";
import "./hr.css";

export default function People() {
  const me = useMe();
  const { t } = useI18n();
  if (!isHr(me)) {
    return (
      <Page title={t(messages.notAllowedTitle)}>
        <p className="hr-not-allowed" role="alert">{t(messages.notAllowed)}</p>
        <p><Link to="/">{t(messages.backToToday)}</Link></p>
      </Page>
    );
  }
  return (
    <Routes>
      <Route index element={<PeopleList />} />
      <Route path="person/:id" element={<PersonDetail />} />
      <Route path="import" element={<OrgImport />} />
      <Route path="invitations" element={<Invitations />} />
      <Route path="values" element={<CompanyValues />} />
      <Route path="exports" element={<Exports />} />
      <Route path="items" element={<ItemStatistics />} />
    </Routes>
  );
}
