// The complaints inbox: the complaints the signed-in person may see (about them, their team, or owned by them),
// filtered by status and channel, each with a live countdown to its next response target; a complaint opens its
// detail (acknowledge, categorise, reply, hand over, resolve, survey, points).
import { useCallback, useEffect, useState } from "react";
import { Radio, RadioGroup } from "react-aria-components";
import { Link, Route, Routes, useSearchParams } from "react-router";
import { ComplaintInbox } from "../../graphql/documents";
import type { Channel, ComplaintInboxQuery, ComplaintStatus } from "../../graphql/types";
import { Page } from "../../components/ui/Page";
import { Button } from "../../components/ui/Button";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { Loading } from "../../components/ui/Loading";
import { useQuery } from "../../lib/hooks";
import { request } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { ComplaintDetail } from "./ComplaintDetail";
import { TargetCountdown } from "./TargetCountdown";
import { targetState, useNow } from "./countdown";
import { categoryNames, channelNames, messages, statusNames } from "./messages";
import "./complaints.css";

type Item = ComplaintInboxQuery["feedback"]["items"][number];
const STATUSES: readonly ComplaintStatus[] = ["RECEIVED", "ACKNOWLEDGED", "RESOLVED", "CLOSED"];
const CHANNELS = Object.keys(channelNames) as Channel[];

export default function Complaints() {
  return (
    <Routes>
      <Route index element={<Inbox />} />
      <Route path=":id" element={<ComplaintDetail />} />
    </Routes>
  );
}

function Inbox() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get("status") ?? "") ? (params.get("status") as ComplaintStatus) : null;
  const channel = (CHANNELS as readonly string[]).includes(params.get("channel") ?? "") ? (params.get("channel") as Channel) : null;
  const filter = { kind: "COMPLAINT" as const, status, channel };
  const first = useQuery(ComplaintInbox, { f: filter }, { pollMs: 30_000 });
  const [more, setMore] = useState<{ items: Item[]; cursor: string | null; hasNext: boolean } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const filterKey = JSON.stringify(filter);
  useEffect(() => setMore(null), [filterKey]);

  const loadMore = useCallback(async () => {
    const cursor = more ? more.cursor : first.data?.feedback.pageInfo.endCursor ?? null;
    setMoreError(null);
    try {
      const page = (await request(ComplaintInbox, { f: JSON.parse(filterKey), after: cursor })).feedback;
      setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.pageInfo.endCursor, hasNext: page.pageInfo.hasNextPage });
    } catch (caught) {
      setMoreError(caught);
    }
  }, [more, first.data, filterKey]);

  const setFilter = (key: "status" | "channel", value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const items = [...(first.data?.feedback.items ?? []), ...(more?.items ?? [])];
  const hasNext = more ? more.hasNext : Boolean(first.data?.feedback.pageInfo.hasNextPage);

  return (
    <Page title={t(messages.title)}>
      <div className="inbox-filters" role="group" aria-label={t(messages.filters)}>
        <RadioGroup className="status-filter" orientation="horizontal" aria-label={t(messages.status)} value={status ?? "ALL"}
          onChange={(value) => setFilter("status", value === "ALL" ? null : value)}>
          {["ALL", ...STATUSES].map((value) => (
            <Radio key={value} value={value} className="filter-chip">
              {value === "ALL" ? t(messages.allStatuses) : t(statusNames[value as ComplaintStatus])}
            </Radio>
          ))}
        </RadioGroup>
        <label className="channel-filter">
          <span>{t(messages.channel)}</span>
          <select value={channel ?? ""} onChange={(event) => setFilter("channel", event.target.value || null)}>
            <option value="">{t(messages.allChannels)}</option>
            {CHANNELS.map((value) => <option key={value} value={value}>{t(channelNames[value])}</option>)}
          </select>
        </label>
      </div>
      <ErrorMessage error={first.error} onRetry={() => void first.refetch()} />
      {!first.data && !first.error && <Loading />}
      {first.data && items.length === 0 && <p className="inbox-empty">{status === "RECEIVED" ? t(messages.noneOpen) : t(messages.none)}</p>}
      {items.length > 0 && (
        <ul className="inbox" aria-label={t(messages.title)}>
          {items.map((item) => <InboxItem key={item.id} item={item} />)}
        </ul>
      )}
      <ErrorMessage error={moreError} onRetry={() => void loadMore()} />
      {hasNext && <Button variant="secondary" onPress={() => void loadMore()}>{t(messages.more)}</Button>}
    </Page>
  );
}

function InboxItem({ item }: { item: Item }) {
  const { t, dateTime } = useI18n();
  const next = item.status === "RECEIVED"
    ? { label: t(messages.acknowledge), due: item.acknowledgeDueAt }
    : item.status === "ACKNOWLEDGED"
      ? { label: t(messages.resolve), due: item.resolveDueAt }
      : null;
  const now = useNow([next?.due ? Date.parse(next.due) : null]);
  const names = item.subjects.map((subject) => subject.name).join(", ");
  return (
    <li className="inbox-item">
      <Link to={item.id} className="inbox-link">
        <span className="inbox-top">
          <span className={`status status-${item.status?.toLowerCase()}`}>{item.status ? t(statusNames[item.status]) : ""}</span>
          <span className="inbox-category">{item.category ? t(categoryNames[item.category]) : t(messages.uncategorised)}</span>
        </span>
        <span className="inbox-body">{item.body || t(messages.noText)}</span>
        <span className="inbox-meta">
          <span>{names ? t(messages.about, { names }) : t(messages.aboutNobody)}</span>
          <span>{item.owner ? t(messages.owner, { name: item.owner.name }) : t(messages.noOwner)}</span>
          <span>{t(messages.received, { date: dateTime(item.receivedAt) })} · {t(channelNames[item.channel])}</span>
        </span>
      </Link>
      {next && (
        <TargetCountdown label={next.label} now={now} state={targetState(next.due, null, now)} />
      )}
    </li>
  );
}
