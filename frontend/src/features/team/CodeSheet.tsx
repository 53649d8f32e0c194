// A printable sheet of the team's feedback QR codes: name, job title, QR and address per person (everyone under the
// manager, by name). Members without a code yet get theirs from createTeamFeedbackCodes (repeating it is safe).
import { useState } from "react";
import { useParams } from "react-router";
import { CreateTeamFeedbackCodes, TeamFeedbackCodes } from "../../graphql/documents";
import type { TeamFeedbackCodesQuery } from "../../graphql/types";
import { useMutation, useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { Loading } from "../../components/ui/Loading";
import { Button } from "../../components/ui/Button";
import { messages } from "./messages";
import { TeamViews } from "./shared";

type Line = TeamFeedbackCodesQuery["team"]["feedbackCodes"]["items"][number];

export function CodeSheet() {
  const { managerId } = useParams();
  const { t } = useI18n();
  const [after, setAfter] = useState<string | null>(null);
  const [earlier, setEarlier] = useState<Line[]>([]);
  const { data, error, loading, refetch } = useQuery(TeamFeedbackCodes, { m: managerId ?? null, after });
  const create = useMutation(CreateTeamFeedbackCodes);
  const lines = [...earlier, ...(data?.team.feedbackCodes.items ?? [])];
  const missing = lines.filter((line) => !line.code).length;
  const more = data?.team.feedbackCodes.pageInfo;

  const makeMissing = async () => {
    if (!data) return;
    try {
      await create.mutate({ i: { managerId: data.team.managerId, depth: "SUBTREE" } });
      setEarlier([]);
      if (after === null) await refetch();
      else setAfter(null);
    } catch {
      // shown below; the button tries again (safe: members keep the codes they have)
    }
  };

  return (
    <Page title={data && managerId ? `${t(messages.codesTitle)}: ${data.team.manager.name}` : t(messages.codesTitle)}>
      <TeamViews managerId={data ? managerId : undefined} />
      <p className="no-print">{t(messages.codesHelp)}</p>
      {loading && !data && <Loading />}
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {data && (
        <div className="team-actions no-print">
          {missing > 0 && (
            <Button isDisabled={create.pending} onPress={() => void makeMissing()}>{t(messages.makeCodes, { count: missing })}</Button>
          )}
          {lines.length > missing && <Button variant={missing ? "secondary" : "primary"} onPress={() => window.print()}>{t(messages.print)}</Button>}
        </div>
      )}
      <ErrorMessage error={create.error} />
      {data && lines.length === 0 && <p>{t(messages.noMembers)}</p>}
      {lines.length > 0 && (
        <ul className="team-qr-sheet">
          {lines.map((line) => (
            <li key={line.employee.id} className={line.code ? "team-qr" : "team-qr team-qr-missing no-print"}>
              <p className="team-name">{line.employee.name}</p>
              <p className="team-job">{line.employee.jobTitle}</p>
              {line.code && line.qrSvg ? (
                <>
                  {/* the service draws the SVG from the form's address (segno); nothing typed by a user is in it */}
                  <div className="team-qr-image" role="img" aria-label={t(messages.qrOf, { name: line.employee.name })}
                    dangerouslySetInnerHTML={{ __html: line.qrSvg }} />
                  <p className="team-qr-url">{line.formUrl}</p>
                </>
              ) : (
                <p className="team-help">{t(messages.noCodeYet)}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      {more?.hasNextPage && (
        <div className="no-print">
          <Button variant="secondary" onPress={() => { setEarlier(lines); setAfter(more.endCursor); }}>{t(messages.loadMore)}</Button>
        </div>
      )}
    </Page>
  );
}
