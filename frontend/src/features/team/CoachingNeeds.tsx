// Who needs coaching: per person and complaint category, the lesson that answers it and why it is listed (failed,
// overdue, never taken), then those who passed it since with the complaints 30 days before and after.
import { useState } from "react";
import { TeamCoachingNeeds } from "../../graphql/documents";
import type { TeamCoachingNeedsQuery } from "../../graphql/types";
import { useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n";
import { Button } from "../../components/ui/Button";
import { Loading } from "../../components/ui/Loading";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { messages } from "./messages";
import { useCategoryLabel } from "./shared";

type Need = TeamCoachingNeedsQuery["team"]["coachingNeeds"]["items"][number];

export function CoachingNeeds({ managerId, onAssign }: {
  managerId: string; onAssign: (employee: { id: string; name: string }, lessonId: string) => void;
}) {
  const { t } = useI18n();
  const [after, setAfter] = useState<string | null>(null);
  const [earlier, setEarlier] = useState<Need[]>([]);
  const { data, error, loading, refetch } = useQuery(TeamCoachingNeeds, { m: managerId, after });
  const needs = [...earlier, ...(data?.team.coachingNeeds.items ?? [])];
  const more = data?.team.coachingNeeds.pageInfo;
  return (
    <section aria-labelledby="team-coaching" className="card">
      <h2 id="team-coaching">{t(messages.coaching)}</h2>
      <p className="team-help">{t(messages.coachingHelp)}</p>
      {loading && !data && <Loading />}
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {data && needs.length === 0 && <p>{t(messages.noCoaching)}</p>}
      {needs.length > 0 && (
        <ul className="team-cards team-coaching">
          {needs.map((need, index) => <NeedCard key={`${need.employee.id}-${need.lesson?.id}-${need.category}-${index}`} need={need} onAssign={onAssign} />)}
        </ul>
      )}
      {more?.hasNextPage && (
        <Button variant="secondary" onPress={() => { setEarlier(needs); setAfter(more.endCursor); }}>{t(messages.more)}</Button>
      )}
    </section>
  );
}

function NeedCard({ need, onAssign }: { need: Need; onAssign: (employee: { id: string; name: string }, lessonId: string) => void }) {
  const { t, date } = useI18n();
  const category = useCategoryLabel();
  const reason = messages[`reason${need.reason}` as "reasonFAILED"];
  return (
    <li className={`team-card team-need team-need-${need.reason.toLowerCase()}`}>
      <p className="team-card-head-line">
        <span className="team-name">{need.employee.name}</span>
        <span className="team-badge">{t(reason)}</span>
      </p>
      <p className="team-card-line">{t(messages.categoryLabel, { category: category(need.category) })} · {t(messages.complaintsCount, { count: need.complaints })}</p>
      <p className="team-card-line">{t(messages.lessonLabel, { title: need.lesson?.title ?? t(messages.unknownLesson) })}</p>
      {need.reason === "PASSED" && (
        <>
          {need.passedAt && <p className="team-card-line">{t(messages.passedOn, { date: date(need.passedAt) })}</p>}
          <p className="team-card-line">
            {t(messages.beforeAfter, {
              before: need.complaints30DaysBeforePassing ?? 0,
              after: need.complaints30DaysAfterPassing ?? 0,
              days: need.daysObservedAfterPassing ?? 0,
            })}
          </p>
        </>
      )}
      {need.reason !== "PASSED" && need.lesson && (
        <Button variant="secondary" onPress={() => onAssign(need.employee, need.lesson!.id)}>{t(messages.assignThis)}</Button>
      )}
    </li>
  );
}
