"""Team figures: what counts for whom on which day, kept incrementally by the worker, and read per request.

What counts, for whom, on which day (each member's local day, as the ledger's daily cap counts it):
  points           award, confirm and reverse entries of the ledger, on the entry's `local_date`
  pending          pending entries not confirmed or reversed yet, on the pending entry's day; settling takes them off
  breaches         a response-target breach, for whoever answered for the complaint when it was detected
                   (complaints/escalation.py `answerable`, stored on the breach), on their day of detection
  NPS and CSAT     survey answers that count for NPS (recognition/evidence.py; an answer that does not count for NPS
                   does not count for CSAT either), for the complaint's owner at the resolution, on the answer's day
  open complaints  complaints received or acknowledged: for their owner, or, while nobody owns one, for each person
                   it names (the same people `escalation.answerable` holds to account; not per day: a current count)

Kept, never recomputed per request: `team_day` per (member, day); `team_node_day` per (subtree node, day), where
the nodes are every id on the member's org path (themselves included), so a subtree's figures are one node's rows;
`team_member` remembers the path a member's rows were added under, so an `employee.upserted` with a new org path
moves exactly their rows from the old ancestors to the new ones (`place`). Every change arrives as deltas (`add`),
written in the transaction that consumed the event or wrote the ledger entry: exactly once comes from the outbox's
processed keys and the ledger's ON CONFLICT. `recompute` computes the same figures from scratch (the property test
compares the two; `rebuild` writes them, e.g. after a bulk load).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, fields

from services.platform.clock import local_date

from ..complaints import escalation
from ..complaints.tables import TargetBreach
from ..directory import service as directory
from ..directory.tables import StaffMember
from ..intake.tables import Feedback, FeedbackSubject
from ..loyalty.tables import LoyaltyOutcome
from ..recognition.evidence import IN_PERSON_SURVEY
from ..recognition.tables import LedgerEntry
from .tables import OpenComplaint, TeamDay, TeamMember, TeamNode, TeamNodeDay, TeamPeriod

FIGURES = ("points", "pending", "breaches", "promoters", "passives", "detractors", "in_person", "csat_sum",
           "csat_answers")
OPEN_STATUSES = ("received", "acknowledged")
FALLBACK_TIME_ZONE = "UTC"
# Sorting a team's members: the SQL expression of each figure (chosen from this map, never from client text).
SORT_KEYS = {
    "points_this_week": "coalesce(w.points, 0)",
    "points_this_month": "coalesce(mo.points, 0)",
    "open_complaints": "coalesce(m.open_complaints, 0)",
}
WEEK, MONTH = "week", "month"
# SQL: the local week (from Monday) and month a local day falls in, as their first days.
WEEK_OF = "{day} - (extract(isodow FROM {day})::int - 1)"
MONTH_OF = "date_trunc('month', {day})::date"


def _t(table) -> str:
    return table._meta.get_formatted_tablename()


@dataclass(frozen=True)
class Delta:
    """A change to one member's figures: on a day (`day`), and/or to their open complaints."""

    employee: uuid.UUID
    day: dt.date | None = None
    points: int = 0
    pending: int = 0
    breaches: int = 0
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    in_person: int = 0
    csat_sum: int = 0
    csat_answers: int = 0
    open_complaints: int = 0

    def is_zero(self) -> bool:
        return all(getattr(self, f.name) == 0 for f in fields(self) if f.name not in ("employee", "day"))


# ---------------------------------------------------------------- keeping the figures


def _upsert_sums(table: str, key: str, source: str) -> str:
    """INSERT ... SELECT of summed figures grouped by (key, day), adding to the rows already there, in key order."""
    sums = ", ".join(f"sum({c})::int" for c in FIGURES)
    updates = ", ".join(f"{c} = t.{c} + excluded.{c}" for c in FIGURES)
    return (
        f"INSERT INTO {table} AS t ({key}, day, {', '.join(FIGURES)}) SELECT {key}, day, {sums} FROM {source} "
        f"GROUP BY {key}, day ORDER BY {key}, day ON CONFLICT ({key}, day) DO UPDATE SET {updates}"
    )


def _add_periods(source: str) -> str:
    """INSERT ... SELECT adding the points of `source`'s day rows to their members' weeks and months."""
    return (
        f"INSERT INTO {_t(TeamPeriod)} AS t (employee, period, starts_on, points) "
        f"SELECT x.employee, p.period, p.starts_on, sum(x.points)::int FROM {source} x CROSS JOIN LATERAL (VALUES "
        f"('{WEEK}', {WEEK_OF.format(day='x.day')}), ('{MONTH}', {MONTH_OF.format(day='x.day')})) "
        "AS p(period, starts_on) WHERE x.points <> 0 GROUP BY x.employee, p.period, p.starts_on "
        "ORDER BY x.employee, p.period, p.starts_on "
        "ON CONFLICT (employee, period, starts_on) DO UPDATE SET points = t.points + excluded.points"
    )


async def add(deltas: list[Delta]) -> None:
    """Add deltas to the members' rows and to every node above them (one statement; call in the event's transaction).

    A member seen for the first time is placed under the replica's org path (none while the replica does not know
    them); after that under the path they were placed at, until `place` moves them. Rows are locked in key order.
    """
    deltas = [d for d in deltas if not d.is_zero()]
    if not deltas:
        return
    columns = ("employee", "day", *FIGURES, "open_complaints")
    types = ("uuid", "date", *("int" for _ in FIGURES), "int")
    unnest = ", ".join(f"{{}}::{t}[]" for t in types)
    node_path = "string_to_array(nullif(p.org_path, ''), '/')::uuid[]"
    await TeamDay.raw(
        f"WITH d AS (SELECT * FROM unnest({unnest}) AS d({', '.join(columns)})), "
        "per_member AS (SELECT employee, sum(open_complaints)::int AS open_complaints FROM d GROUP BY employee), "
        f"placed AS (INSERT INTO {_t(TeamMember)} AS m (employee, org_path, open_complaints) "
        f"SELECT p.employee, coalesce(s.org_path, ''), p.open_complaints FROM per_member p "
        f"LEFT JOIN {_t(StaffMember)} s ON s.id = p.employee ORDER BY p.employee "
        "ON CONFLICT (employee) DO UPDATE SET open_complaints = m.open_complaints + excluded.open_complaints "
        "RETURNING m.employee, m.org_path), "
        f"nodes AS (SELECT p.employee, n.node FROM placed p CROSS JOIN LATERAL unnest({node_path}) AS n(node)), "
        "days AS (SELECT * FROM d WHERE day IS NOT NULL), "
        f"member_days AS ({_upsert_sums(_t(TeamDay), 'employee', 'days')}), "
        "node_rows AS (SELECT n.node, x.* FROM days x JOIN nodes n USING (employee)), "
        f"node_days AS ({_upsert_sums(_t(TeamNodeDay), 'node', 'node_rows')}), "
        f"periods AS ({_add_periods('days')}), "
        f"node_open AS (INSERT INTO {_t(TeamNode)} AS t (node, open_complaints) "
        "SELECT n.node, sum(p.open_complaints)::int FROM per_member p JOIN nodes n USING (employee) "
        "GROUP BY n.node HAVING sum(p.open_complaints) <> 0 ORDER BY n.node "
        "ON CONFLICT (node) DO UPDATE SET open_complaints = t.open_complaints + excluded.open_complaints) "
        "SELECT count(*) AS members FROM placed",
        *([getattr(d, c) for d in deltas] for c in columns),
    )


async def place(*, employee_id: uuid.UUID) -> bool:
    """Count a member under the replica's org path for them: when it changed, their day rows and open complaints
    leave the nodes no longer above them and join the new ones (True when something moved)."""
    members, staff = _t(TeamMember), _t(StaffMember)
    # Inserting or touching the row locks it: an event counted at the same time waits, then adds under the new path.
    rows = await TeamMember.raw(
        f"INSERT INTO {members} AS m (employee, org_path, open_complaints) SELECT id, org_path, 0 FROM {staff} "
        "WHERE id = {} ON CONFLICT (employee) DO UPDATE SET employee = excluded.employee "
        f"RETURNING m.org_path AS counted, (SELECT org_path FROM {staff} WHERE id = m.employee) AS current, "
        "(m.xmax = 0) AS inserted",
        employee_id,
    )
    if not rows or rows[0]["inserted"] or rows[0]["counted"] == rows[0]["current"]:
        return False
    old, new = rows[0]["counted"], rows[0]["current"]
    figures = ", ".join(FIGURES)
    moved = ", ".join(f"c.sign * d.{f}" for f in FIGURES)
    updates = ", ".join(f"{f} = t.{f} + excluded.{f}" for f in FIGURES)
    await TeamMember.raw(
        "WITH old AS (SELECT unnest(string_to_array(nullif({}, ''), '/')::uuid[]) AS node), "
        "new AS (SELECT unnest(string_to_array(nullif({}, ''), '/')::uuid[]) AS node), "
        "changes AS (SELECT node, -1 AS sign FROM old WHERE node NOT IN (SELECT node FROM new) "
        "UNION ALL SELECT node, 1 FROM new WHERE node NOT IN (SELECT node FROM old)), "
        f"moved_days AS (INSERT INTO {_t(TeamNodeDay)} AS t (node, day, {figures}) SELECT c.node, d.day, {moved} "
        f"FROM changes c CROSS JOIN {_t(TeamDay)} d WHERE d.employee = {{}} ORDER BY c.node, d.day "
        f"ON CONFLICT (node, day) DO UPDATE SET {updates}), "
        f"moved_open AS (INSERT INTO {_t(TeamNode)} AS t (node, open_complaints) "
        f"SELECT c.node, c.sign * m.open_complaints FROM changes c CROSS JOIN {members} m "
        "WHERE m.employee = {} AND m.open_complaints <> 0 ORDER BY c.node "
        "ON CONFLICT (node) DO UPDATE SET open_complaints = t.open_complaints + excluded.open_complaints) "
        f"UPDATE {members} SET org_path = {{}} WHERE employee = {{}}",
        old,
        new,
        employee_id,
        employee_id,
        new,
        employee_id,
    )
    return True


async def count_ledger_entries(rows: list[dict]) -> None:
    """Ledger entries just written: their points on their day; a settlement takes its pending points off the pending
    entry's day (a confirmation always, a reversal unless a confirmation did already)."""
    deltas = [
        Delta(r["employee"], r["local_date"], pending=r["points"]) if r["entry"] == "pending"
        else Delta(r["employee"], r["local_date"], points=r["points"])
        for r in rows
    ]
    settling = [r for r in rows if r["entry"] in ("confirm", "reverse")]
    if settling:
        ledger = _t(LedgerEntry)
        pending = await LedgerEntry.raw(
            f"SELECT p.employee, p.rule, p.source, p.local_date, p.points, EXISTS (SELECT 1 FROM {ledger} c "
            "WHERE c.employee = p.employee AND c.rule = p.rule AND c.source = p.source AND c.entry = 'confirm') "
            f"AS confirmed FROM unnest({{}}::uuid[], {{}}::text[], {{}}::text[]) AS k(employee, rule, source) "
            f"JOIN {ledger} p ON p.employee = k.employee AND p.rule = k.rule AND p.source = k.source "
            "AND p.entry = 'pending'",
            [r["employee"] for r in settling],
            [r["rule"] for r in settling],
            [r["source"] for r in settling],
        )
        by_key = {(p["employee"], p["rule"], p["source"]): p for p in pending}
        for row in settling:
            found = by_key.get((row["employee"], row["rule"], row["source"]))
            if found is not None and (row["entry"] == "confirm" or not found["confirmed"]):
                deltas.append(Delta(found["employee"], found["local_date"], pending=-found["points"]))
    await add(deltas)


async def _zones(employee_ids) -> dict[uuid.UUID, str]:
    ids = list(dict.fromkeys(employee_ids))
    rows = await directory.get_many(ids=ids)
    return {i: (row["time_zone"] if row else FALLBACK_TIME_ZONE) for i, row in zip(ids, rows)}


async def count_breaches(*, recorded: list[dict], now: dt.datetime) -> None:
    """Breaches just recorded: stored with who answered for the complaint then, and counted for them."""
    if not recorded:
        return
    rows = await Feedback.raw(
        f"SELECT f.id, f.owner, ARRAY(SELECT s.employee FROM {_t(FeedbackSubject)} s WHERE s.feedback = f.id "
        f"ORDER BY s.employee) AS subjects FROM {_t(Feedback)} f WHERE f.id = ANY({{}}::uuid[])",
        list({r["feedback"] for r in recorded}),
    )
    complaints = {r["id"]: r for r in rows}
    keys, people = [], []
    for breach in recorded:
        complaint = complaints[breach["feedback"]]
        owner = {"id": complaint["owner"]} if complaint["owner"] else None
        for person in escalation.answerable(
            target=breach["target"], owner=owner, subjects=[{"id": s} for s in complaint["subjects"]]
        ):
            keys.append(breach)
            people.append(person["id"])
    if not people:
        return
    await TargetBreach.raw(
        f"UPDATE {_t(TargetBreach)} b SET answerable = x.people FROM (SELECT feedback, target, array_agg(person) AS "
        "people FROM unnest({}::uuid[], {}::text[], {}::uuid[]) AS k(feedback, target, person) "
        "GROUP BY feedback, target) x WHERE b.feedback = x.feedback AND b.target = x.target",
        [k["feedback"] for k in keys],
        [k["target"] for k in keys],
        people,
    )
    zones = await _zones(people)
    await add([Delta(p, local_date(now, zones[p]), breaches=1) for p in people])


async def count_survey_answer(*, outcome_id: uuid.UUID) -> None:
    """A loyalty outcome just recorded: its NPS and CSAT, when it is an answer that counts for NPS."""
    rows = await LoyaltyOutcome.raw(
        f"SELECT employee, nps, csat, source, counts_for_nps, occurred_at FROM {_t(LoyaltyOutcome)} WHERE id = {{}}",
        outcome_id,
    )
    if not rows or not rows[0]["counts_for_nps"]:
        return
    o = rows[0]
    if o["nps"] is None and o["csat"] is None:
        return
    zones = await _zones([o["employee"]])
    nps = o["nps"]
    await add([Delta(
        o["employee"],
        local_date(o["occurred_at"], zones[o["employee"]]),
        promoters=int(nps is not None and nps >= 9),
        passives=int(nps is not None and 7 <= nps <= 8),
        detractors=int(nps is not None and nps <= 6),
        in_person=int(nps is not None and o["source"] == IN_PERSON_SURVEY),
        csat_sum=o["csat"] or 0,
        csat_answers=int(o["csat"] is not None),
    )])


def answerable_for_open(*, kind: str, status: str | None, owner: uuid.UUID | None, subjects) -> list[uuid.UUID]:
    """Whom an open complaint counts for: its owner, or while nobody owns it each person it names; nobody once
    resolved or closed."""
    if kind != "complaint" or status not in OPEN_STATUSES:
        return []
    people = escalation.answerable(
        target=escalation.RESOLVE, owner={"id": owner} if owner else None, subjects=[{"id": s} for s in subjects]
    )
    return sorted({p["id"] for p in people})


async def sync_open_complaint(*, feedback_id: uuid.UUID) -> None:
    """Count a complaint for the people it is open for now (read from the complaint itself, so events arriving
    late or out of order still leave the right count)."""
    await Feedback.raw("SELECT pg_advisory_xact_lock(hashtextextended({}, 0))", f"team-open:{feedback_id}")
    rows = await Feedback.raw(
        f"SELECT f.kind, f.status, f.owner, ARRAY(SELECT s.employee FROM {_t(FeedbackSubject)} s "
        f"WHERE s.feedback = f.id) AS subjects, (SELECT o.people FROM {_t(OpenComplaint)} o WHERE o.feedback = f.id) "
        f"AS counted FROM {_t(Feedback)} f WHERE f.id = {{}}",
        feedback_id,
    )
    if not rows:
        return
    row = rows[0]
    now_for = set(answerable_for_open(kind=row["kind"], status=row["status"], owner=row["owner"],
                                      subjects=row["subjects"]))
    before = set(row["counted"] or [])
    if now_for == before:
        return
    await add([Delta(p, open_complaints=1) for p in now_for - before]
              + [Delta(p, open_complaints=-1) for p in before - now_for])
    if now_for:
        await OpenComplaint.raw(
            f"INSERT INTO {_t(OpenComplaint)} (feedback, people) VALUES ({{}}, {{}}) "
            "ON CONFLICT (feedback) DO UPDATE SET people = excluded.people",
            feedback_id,
            sorted(now_for),
        )
    else:
        await OpenComplaint.raw(f"DELETE FROM {_t(OpenComplaint)} WHERE feedback = {{}}", feedback_id)


# ---------------------------------------------------------------- from scratch


def _from_scratch_days() -> str:
    """SQL: every member's figures per day computed from the ledger, the breaches and the loyalty outcomes."""
    ledger, staff = _t(LedgerEntry), _t(StaffMember)
    zeros = ", ".join("0" for _ in FIGURES[2:])
    sums = ", ".join(f"sum({c})::int AS {c}" for c in FIGURES)
    return (
        f"WITH parts ({', '.join(('employee', 'day', *FIGURES))}) AS ("
        "SELECT l.employee, l.local_date, CASE WHEN l.entry <> 'pending' THEN l.points ELSE 0 END, "
        f"CASE WHEN l.entry = 'pending' AND NOT EXISTS (SELECT 1 FROM {ledger} s WHERE s.employee = l.employee "
        "AND s.rule = l.rule AND s.source = l.source AND s.entry IN ('confirm', 'reverse')) THEN l.points ELSE 0 END, "
        f"{zeros} FROM {ledger} l "
        f"UNION ALL SELECT p.person, (b.detected_at AT TIME ZONE coalesce(s.time_zone, '{FALLBACK_TIME_ZONE}'))::date, "
        f"0, 0, 1, 0, 0, 0, 0, 0, 0 FROM {_t(TargetBreach)} b CROSS JOIN LATERAL unnest(b.answerable) AS p(person) "
        f"LEFT JOIN {staff} s ON s.id = p.person "
        f"UNION ALL SELECT o.employee, (o.occurred_at AT TIME ZONE coalesce(s.time_zone, '{FALLBACK_TIME_ZONE}'))::date, "
        "0, 0, 0, coalesce((o.nps >= 9)::int, 0), coalesce((o.nps BETWEEN 7 AND 8)::int, 0), "
        f"coalesce((o.nps <= 6)::int, 0), (o.nps IS NOT NULL AND o.source = '{IN_PERSON_SURVEY}')::int, "
        f"coalesce(o.csat, 0), (o.csat IS NOT NULL)::int FROM {_t(LoyaltyOutcome)} o "
        f"LEFT JOIN {staff} s ON s.id = o.employee WHERE o.counts_for_nps AND (o.nps IS NOT NULL OR o.csat IS NOT NULL)"
        f") SELECT employee, day, {sums} FROM parts GROUP BY employee, day"
    )


def _from_scratch_open() -> str:
    """SQL: each member's open complaints (answerable_for_open, over every complaint)."""
    return (
        "SELECT p.person AS employee, count(*)::int AS open_complaints "
        f"FROM {_t(Feedback)} f CROSS JOIN LATERAL unnest(CASE WHEN f.owner IS NOT NULL THEN ARRAY[f.owner] "
        f"ELSE ARRAY(SELECT s.employee FROM {_t(FeedbackSubject)} s WHERE s.feedback = f.id) END) AS p(person) "
        f"WHERE f.kind = 'complaint' AND f.status IN ('received', 'acknowledged') GROUP BY p.person"
    )


def _nonzero(row: dict) -> bool:
    return any(row[c] for c in FIGURES)


async def recompute() -> dict:
    """Every figure from scratch, shaped as `kept()` reads the kept ones (rows of zeros left out)."""
    days = [r for r in await TeamDay.raw(_from_scratch_days()) if _nonzero(r)]
    opened = {r["employee"]: r["open_complaints"] for r in await TeamDay.raw(_from_scratch_open())}
    people = list({r["employee"] for r in days} | set(opened))
    paths = {i: (row["org_path"] if row else "") for i, row in zip(people, await directory.get_many(ids=people))}
    node_days: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    node_open: dict[uuid.UUID, int] = defaultdict(int)
    for row in days:
        for node in _nodes(paths[row["employee"]]):
            for c in FIGURES:
                node_days[(node, row["day"])][c] += row[c]
    for employee, count in opened.items():
        for node in _nodes(paths[employee]):
            node_open[node] += count
    periods: dict[tuple, int] = defaultdict(int)
    for row in days:
        day = row["day"]
        periods[(row["employee"], WEEK, day - dt.timedelta(days=day.weekday()))] += row["points"]
        periods[(row["employee"], MONTH, day.replace(day=1))] += row["points"]
    return {
        "member_days": {(r["employee"], r["day"]): tuple(r[c] for c in FIGURES) for r in days},
        "member_periods": {k: v for k, v in periods.items() if v},
        "member_open": {k: v for k, v in opened.items() if v},
        "node_days": {k: tuple(v[c] for c in FIGURES) for k, v in node_days.items() if any(v.values())},
        "node_open": {k: v for k, v in node_open.items() if v},
    }


def _nodes(org_path: str) -> list[uuid.UUID]:
    return [uuid.UUID(i) for i in org_path.split("/")] if org_path else []


async def kept() -> dict:
    """The kept figures, shaped like `recompute()`."""
    cols = ", ".join(FIGURES)
    member_days = await TeamDay.raw(f"SELECT employee, day, {cols} FROM {_t(TeamDay)}")
    node_days = await TeamDay.raw(f"SELECT node, day, {cols} FROM {_t(TeamNodeDay)}")
    members = await TeamDay.raw(f"SELECT employee, open_complaints FROM {_t(TeamMember)} WHERE open_complaints <> 0")
    nodes = await TeamDay.raw(f"SELECT node, open_complaints FROM {_t(TeamNode)} WHERE open_complaints <> 0")
    periods = await TeamDay.raw(f"SELECT employee, period, starts_on, points FROM {_t(TeamPeriod)} WHERE points <> 0")
    return {
        "member_days": {(r["employee"], r["day"]): tuple(r[c] for c in FIGURES) for r in member_days if _nonzero(r)},
        "member_periods": {(r["employee"], r["period"], r["starts_on"]): r["points"] for r in periods},
        "member_open": {r["employee"]: r["open_complaints"] for r in members},
        "node_days": {(r["node"], r["day"]): tuple(r[c] for c in FIGURES) for r in node_days if _nonzero(r)},
        "node_open": {r["node"]: r["open_complaints"] for r in nodes},
    }


async def rebuild() -> None:
    """Replace the kept figures by a computation from scratch (after a bulk load; the worker must be stopped)."""
    cols = ", ".join(FIGURES)
    sums = ", ".join(f"sum(d.{c})::int" for c in FIGURES)
    staff = _t(StaffMember)
    async with TeamDay._meta.db.transaction():
        for table in (TeamDay, TeamPeriod, TeamNodeDay, TeamMember, TeamNode, OpenComplaint):
            await table.raw(f"DELETE FROM {_t(table)}")
        await TeamDay.raw(f"INSERT INTO {_t(TeamDay)} (employee, day, {cols}) {_from_scratch_days()}")
        await TeamDay.raw(f"WITH days AS (SELECT * FROM {_t(TeamDay)}) {_add_periods('days')}")
        await TeamDay.raw(
            f"INSERT INTO {_t(TeamMember)} (employee, org_path, open_complaints) "
            f"SELECT e.employee, coalesce(s.org_path, ''), coalesce(o.open_complaints, 0) FROM "
            f"(SELECT employee FROM {_t(TeamDay)} UNION SELECT id FROM {staff}) e "
            f"LEFT JOIN {staff} s ON s.id = e.employee LEFT JOIN ({_from_scratch_open()}) o ON o.employee = e.employee"
        )
        nodes = "unnest(string_to_array(nullif(m.org_path, ''), '/')::uuid[])"
        await TeamDay.raw(
            f"INSERT INTO {_t(TeamNodeDay)} (node, day, {cols}) SELECT n.node, d.day, {sums} FROM {_t(TeamDay)} d "
            f"JOIN {_t(TeamMember)} m ON m.employee = d.employee CROSS JOIN LATERAL {nodes} AS n(node) "
            "GROUP BY n.node, d.day"
        )
        await TeamDay.raw(
            f"INSERT INTO {_t(TeamNode)} (node, open_complaints) SELECT n.node, sum(m.open_complaints)::int "
            f"FROM {_t(TeamMember)} m CROSS JOIN LATERAL {nodes} AS n(node) WHERE m.open_complaints <> 0 GROUP BY n.node"
        )
        await TeamDay.raw(
            f"INSERT INTO {_t(OpenComplaint)} (feedback, people) SELECT f.id, CASE WHEN f.owner IS NOT NULL "
            f"THEN ARRAY[f.owner] ELSE ARRAY(SELECT s.employee FROM {_t(FeedbackSubject)} s WHERE s.feedback = f.id "
            f"ORDER BY s.employee) END FROM {_t(Feedback)} f WHERE f.kind = 'complaint' "
            "AND f.status IN ('received', 'acknowledged')"
        )


# ---------------------------------------------------------------- reading


def _windowed(alias: str) -> str:
    """SQL: the figures of `alias`'s day rows this week, this month and in the last 30 days, as of `t.today`."""
    week = WEEK_OF.format(day="t.today")
    month = MONTH_OF.format(day="t.today")
    last30 = "t.today - 29"

    def s(column: str, since: str, name: str) -> str:
        return f"coalesce(sum({alias}.{column}) FILTER (WHERE {alias}.day >= {since}), 0)::int AS {name}"

    return ", ".join([
        s("points", week, "points_week"), s("points", month, "points_month"),
        s("pending", week, "pending_week"), s("pending", month, "pending_month"),
        s("breaches", last30, "breaches_30"), s("promoters", last30, "promoters"), s("passives", last30, "passives"),
        s("detractors", last30, "detractors"), s("in_person", last30, "in_person"),
        s("csat_sum", last30, "csat_sum"), s("csat_answers", last30, "csat_answers"),
    ]) + f" FROM {{rows}} {alias} WHERE {alias}.{{key}} = k.id AND {alias}.day >= least({month}, {last30}) " \
         f"AND {alias}.day <= t.today"


async def member_figures_many(*, employee_ids: list[uuid.UUID], now: dt.datetime) -> list[dict]:
    """Each member's figures as of their own local today, in the order asked (one statement)."""
    window = _windowed("d").format(rows=_t(TeamDay), key="employee")
    rows = await TeamDay.raw(
        "SELECT k.id, coalesce(m.open_complaints, 0) AS open_complaints, f.* FROM unnest({}::uuid[]) AS k(id) "
        f"LEFT JOIN {_t(StaffMember)} s ON s.id = k.id LEFT JOIN {_t(TeamMember)} m ON m.employee = k.id "
        f"CROSS JOIN LATERAL (SELECT ({{}}::timestamptz AT TIME ZONE coalesce(s.time_zone, '{FALLBACK_TIME_ZONE}'))"
        f"::date AS today) t CROSS JOIN LATERAL (SELECT {window}) f",
        list(employee_ids),
        now,
    )
    by_id = {r["id"]: r for r in rows}
    return [by_id[i] for i in employee_ids]


async def team_figures_many(*, roots: list[dict], now: dt.datetime) -> list[dict]:
    """Each subtree's figures (its root included) as of the root's local today, in the order asked (one statement)."""
    window = _windowed("d").format(rows=_t(TeamNodeDay), key="node")
    rows = await TeamDay.raw(
        "SELECT k.id, coalesce(n.open_complaints, 0) AS open_complaints, f.* "
        "FROM unnest({}::uuid[], {}::text[]) AS k(id, time_zone) "
        f"LEFT JOIN {_t(TeamNode)} n ON n.node = k.id "
        "CROSS JOIN LATERAL (SELECT ({}::timestamptz AT TIME ZONE k.time_zone)::date AS today) t "
        f"CROSS JOIN LATERAL (SELECT {window}) f",
        [r["id"] for r in roots],
        [r["time_zone"] for r in roots],
        now,
    )
    by_id = {r["id"]: r for r in rows}
    return [by_id[r["id"]] for r in roots]


async def members_page(
    *, root: dict, subtree: bool, sort: str, descending: bool, offset: int, limit: int, now: dt.datetime
) -> list[uuid.UUID]:
    """Active members of a team (direct reports, or everyone under the root), ordered by one of their figures, then
    name: ids from `offset` (one statement). Sorting reads one kept row per member and period (`team_period`), not
    their days: 10,000 members' days cost 318 ms to sum, their periods a join (bench/team_feedback.py)."""
    key = SORT_KEYS[sort]
    order = "DESC" if descending else "ASC"
    scope = "s.org_path LIKE {} || '/%'" if subtree else "s.manager_id = {}"
    periods = _t(TeamPeriod)
    rows = await TeamDay.raw(
        "WITH k AS (SELECT s.id, s.name, ({}::timestamptz AT TIME ZONE s.time_zone)::date AS today "
        f"FROM {_t(StaffMember)} s WHERE s.active AND {scope}) "
        f"SELECT k.id FROM k LEFT JOIN {_t(TeamMember)} m ON m.employee = k.id "
        f"LEFT JOIN {periods} w ON w.employee = k.id AND w.period = '{WEEK}' "
        f"AND w.starts_on = {WEEK_OF.format(day='k.today')} "
        f"LEFT JOIN {periods} mo ON mo.employee = k.id AND mo.period = '{MONTH}' "
        f"AND mo.starts_on = {MONTH_OF.format(day='k.today')} "
        f"ORDER BY {key} {order}, k.name, k.id OFFSET {{}} LIMIT {{}}",
        now,
        root["org_path"] if subtree else root["id"],
        offset,
        limit,
    )
    return [r["id"] for r in rows]
