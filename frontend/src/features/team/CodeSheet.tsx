// A printable sheet of the team's feedback QR codes: name, job title, QR and address per person. The codes come from
// createPublicCode, one per member (asking again returns the same code); a team-codes query is coming to list them.
import { useState } from "react";
import { useParams } from "react-router";
import { TeamCodeMembers, TeamFeedbackCode } from "../../graphql/documents";
import type { TeamFeedbackCodeMutation } from "../../graphql/types";
import { request } from "../../lib/api";
import { useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { Loading } from "../../components/ui/Loading";
import { Button } from "../../components/ui/Button";
import { ProgressBar } from "../../components/ui/ProgressBar";
import { messages } from "./messages";
import { TeamError, TeamViews } from "./shared";

type Code = TeamFeedbackCodeMutation["createPublicCode"];

export function CodeSheet() {
  const { managerId } = useParams();
  const { t } = useI18n();
  const { data, error, loading, refetch } = useQuery(TeamCodeMembers, { m: managerId ?? null });
  const [codes, setCodes] = useState<Code[]>([]);
  const [making, setMaking] = useState<{ done: number; total: number } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const people = data?.team.members.items ?? [];
  const base = window.location.origin;

  const make = async () => {
    setFailure(null);
    const made: Code[] = [];
    setMaking({ done: 0, total: people.length });
    try {
      for (const person of people) {
        const result = await request(TeamFeedbackCode, { i: { employeeId: person.id }, base });
        made.push(result.createPublicCode);
        setMaking({ done: made.length, total: people.length });
      }
    } catch (caught) {
      setFailure(caught);
    } finally {
      setCodes(made);
      setMaking(null);
    }
  };

  return (
    <Page title={data && managerId ? `${t(messages.codesTitle)}: ${data.team.manager.name}` : t(messages.codesTitle)}>
      <TeamViews managerId={data ? managerId : undefined} />
      <p className="no-print">{t(messages.codesHelp)}</p>
      {loading && !data && <Loading />}
      <TeamError error={error} onRetry={() => void refetch()} />
      {data?.team.members.pageInfo.hasNextPage && <p className="no-print">{t(messages.codesPartial)}</p>}
      {data && (
        <div className="team-actions no-print">
          <Button variant={codes.length ? "secondary" : "primary"} isDisabled={making !== null || people.length === 0} onPress={() => void make()}>
            {t(messages.makeCodes, { count: people.length })}
          </Button>
          {codes.length > 0 && <Button onPress={() => window.print()}>{t(messages.print)}</Button>}
        </div>
      )}
      {making && (
        <div className="no-print">
          <ProgressBar label={t(messages.making, making)} value={making.done} max={Math.max(making.total, 1)} />
        </div>
      )}
      <TeamError error={failure} onRetry={() => void make()} />
      {codes.length > 0 && (
        <ul className="team-qr-sheet">
          {codes.map((code) => (
            <li key={code.code} className="team-qr">
              <p className="team-name">{code.employee?.name}</p>
              <p className="team-job">{code.employee?.jobTitle}</p>
              {/* the service draws the SVG from the form's address (segno); nothing of the user's is in it */}
              <div className="team-qr-image" role="img" aria-label={t(messages.qrOf, { name: code.employee?.name ?? code.code })}
                dangerouslySetInnerHTML={{ __html: code.qrSvg }} />
              <p className="team-qr-url">{base + code.path}</p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
