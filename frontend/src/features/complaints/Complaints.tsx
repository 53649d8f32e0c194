// The complaints inbox: the complaints the signed-in person may see, in three views (my open complaints, nearest
// deadline first; those about me; everything I may see), filtered by status and channel, or found by the reference a
// customer quotes; each with a live countdown to its next response target. A complaint opens its detail (acknowledge,
// categorise, reply, hand over, resolve, survey, points).
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Form, Input, Label, Radio, RadioGroup, SearchField, Text } from "react-aria-components";
import { Link, Route, Routes, useSearchParams } from "react-router";
import { ComplaintInbox } from "../../graphql/documents";
import type { Channel, ComplaintInboxQuery, ComplaintStatus, FeedbackFilter } from "../../graphql/types";
import { Page } from "../../components/ui/Page";
import { Button } from "../../components/ui/Button";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { Loading } from "../../components/ui/Loading";
import { useQuery } from "../../lib/hooks";
import { request } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { useMe } from "../../app/session-context";
import { ComplaintDetail } from "./ComplaintDetail";
import { TargetCountdown } from "./TargetCountdown";
import { byNearestDeadline, nextDue, targetState, useNow } from "./countdown";
import { categoryNames, channelNames, messages, statusNames, viewNames } from "./messages";
import "./complaints.css";

type Item = ComplaintInboxQuery["feedback"]["items"][number];
type View = keyof typeof viewNames;
const STATUSES: readonly ComplaintStatus[] = ["RECEIVED", "ACKNOWLEDGED", "RESOLVED", "CLOSED"];
const CHANNELS = Object.keys(channelNames) as Channel[];
const VIEWS = Object.keys(viewNames) as View[];
const MAX_REFERENCE = 20;

export default function Complaints() {
  return (
    <Routes>
      <Route index element={<Inbox />} />
      <Route path=":id" element={<ComplaintDetail />} />
    </Routes>
  );
}

/** The API's filter for a view: MINE is the open complaints I own (the API has no sort: ordered here). */
function viewFilter(view: View, meId: string, status: ComplaintStatus | null, channel: Channel | null): FeedbackFilter {
  if (view === "MINE") return { kind: "COMPLAINT", ownerId: meId, open: true, channel };
  if (view === "ABOUT_ME") return { kind: "COMPLAINT", employeeId: meId, status, channel };
  return { kind: "COMPLAINT", status, channel };
}

function Inbox() {
  const { t } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const pick = <T extends string>(key: string, values: readonly T[]): T | null =>
    (values as readonly string[]).includes(params.get(key) ?? "") ? (params.get(key) as T) : null;
  const view = pick("view", VIEWS) ?? "ALL";
  const status = view === "MINE" ? null : pick("status", STATUSES);
  const channel = pick("channel", CHANNELS);
  const reference = params.get("ref")?.trim().slice(0, MAX_REFERENCE) || null;
  const filter: FeedbackFilter = reference ? { kind: "COMPLAINT", reference } : viewFilter(view, me.id, status, channel);
  const setParam = (key: "status" | "channel" | "view" | "ref", value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: key !== "ref" });
  };

  return (
    <Page title={t(messages.title)}>
      <ReferenceSearch current={reference} onSearch={(value) => setParam("ref", value)} />
      {!reference && (
        <div className="inbox-filters" role="group" aria-label={t(messages.filters)}>
          <RadioGroup className="status-filter" orientation="horizontal" value={view}
            onChange={(value) => setParam("view", value === "ALL" ? null : value)}>
            <Label className="filter-label">{t(messages.view)}</Label>
            {VIEWS.map((value) => <Radio key={value} value={value} className="filter-chip">{t(viewNames[value])}</Radio>)}
          </RadioGroup>
          {view !== "MINE" && (
            <RadioGroup className="status-filter" orientation="horizontal" aria-label={t(messages.status)} value={status ?? "ALL"}
              onChange={(value) => setParam("status", value === "ALL" ? null : value)}>
              {["ALL", ...STATUSES].map((value) => (
                <Radio key={value} value={value} className="filter-chip">
                  {value === "ALL" ? t(messages.allStatuses) : t(statusNames[value as ComplaintStatus])}
                </Radio>
              ))}
            </RadioGroup>
          )}
          <label className="channel-filter">
            <span>{t(messages.channel)}</span>
            <select value={channel ?? ""} onChange={(event) => setParam("channel", event.target.value || null)}>
              <option value="">{t(messages.allChannels)}</option>
              {CHANNELS.map((value) => <option key={value} value={value}>{t(channelNames[value])}</option>)}
            </select>
          </label>
          {view === "MINE" && <p className="step-help">{t(messages.mineHelp)}</p>}
        </div>
      )}
      <Results key={JSON.stringify(filter)} filter={filter} reference={reference} view={view} status={status} />
    </Page>
  );
}

/** One filter's complaints, page by page (keyed by the filter: a new filter starts afresh, never showing the last one's). */
function Results({ filter, reference, view, status }: {
  filter: FeedbackFilter; reference: string | null; view: View; status: ComplaintStatus | null;
}) {
  const { t } = useI18n();
  const size = view === "MINE" && !reference ? 100 : 30;
  const first = useQuery(ComplaintInbox, { f: filter, first: size }, { pollMs: 30_000 });
  const [more, setMore] = useState<{ items: Item[]; cursor: string | null; hasNext: boolean } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);

  const loadMore = useCallback(async () => {
    const cursor = more ? more.cursor : first.data?.feedback.pageInfo.endCursor ?? null;
    setMoreError(null);
    try {
      const page = (await request(ComplaintInbox, { f: filter, after: cursor, first: size })).feedback;
      setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.pageInfo.endCursor, hasNext: page.pageInfo.hasNextPage });
    } catch (caught) {
      setMoreError(caught);
    }
  }, [more, first.data, filter, size]);

  const loaded = [...(first.data?.feedback.items ?? []), ...(more?.items ?? [])];
  const items = view === "MINE" && !reference ? byNearestDeadline(loaded) : loaded;
  const hasNext = more ? more.hasNext : Boolean(first.data?.feedback.pageInfo.hasNextPage);
  // the reference as stored (the API matches any case, with or without the dash) once found, else as typed
  const shownReference = reference ? items[0]?.reference ?? reference.toUpperCase() : null;
  const empty = shownReference ? t(messages.notFound, { reference: shownReference })
    : view === "MINE" ? t(messages.noneMine) : status === "RECEIVED" ? t(messages.noneOpen) : t(messages.none);

  return (
    <>
      <ErrorMessage error={first.error} onRetry={() => void first.refetch()} />
      {!first.data && !first.error && <Loading />}
      {first.data && !first.error && items.length === 0 && <p className="inbox-empty">{empty}</p>}
      {items.length > 0 && (
        <ul className="inbox" aria-label={shownReference ? t(messages.found, { reference: shownReference }) : t(viewNames[view])}>
          {items.map((item) => <InboxItem key={item.id} item={item} />)}
        </ul>
      )}
      <ErrorMessage error={moreError} onRetry={() => void loadMore()} />
      {hasNext && <Button variant="secondary" onPress={() => void loadMore()}>{t(messages.more)}</Button>}
    </>
  );
}

/** Find a complaint by the reference the customer quotes: any case, with or without the dash (the API normalises it). */
function ReferenceSearch({ current, onSearch }: { current: string | null; onSearch: (value: string | null) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(current ?? "");
  useEffect(() => setText(current ?? ""), [current]);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(text.trim() || null);
  }
  return (
    <Form role="search" className="reference-search" onSubmit={submit} aria-label={t(messages.searchTitle)}>
      <SearchField className="field" value={text} onChange={setText} onClear={() => onSearch(null)} maxLength={MAX_REFERENCE}>
        <Label>{t(messages.searchLabel)}</Label>
        <Input autoCapitalize="characters" autoComplete="off" spellCheck={false} />
        <Text slot="description">{t(messages.searchHelp)}</Text>
      </SearchField>
      <div className="reference-buttons">
        <Button type="submit" variant="secondary">{t(messages.search)}</Button>
        {current && <Button variant="quiet" onPress={() => onSearch(null)}>{t(messages.clearSearch)}</Button>}
      </div>
    </Form>
  );
}

function InboxItem({ item }: { item: Item }) {
  const { t, dateTime } = useI18n();
  const waiting = nextDue(item);
  const next = waiting && { label: t(waiting.target === "acknowledge" ? messages.acknowledge : messages.resolve), due: waiting.due };
  const now = useNow([next?.due ? Date.parse(next.due) : null]);
  const names = item.subjects.map((subject) => subject.name).join(", ");
  return (
    <li className="inbox-item">
      <Link to={item.id} className="inbox-link">
        <span className="inbox-top">
          <span className="inbox-reference">{item.reference}</span>
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
