"""What earns points: the feedback, complaint and loyalty facts turned into ledger entries and badges.

Sources name what earned an entry, so the same fact never pays twice:
  feedback:<id>              a praise received (each subject) and its first reply (the author)
  complaint:<id>             acknowledged within target (once per complaint and owner)
  complaint:<id>:r<n>        the n-th resolution (n = reopen count when resolved): resolved, resolved without
                             transfer (both pending until loyalty is known), resolved late (immediate)
  loyalty:<id>               loyalty confirmed, once per complaint

Entries are dated by the time the fact's payload states (received_at, replied_at, acknowledged_at, resolved_at,
an outcome's occurred_at): the 90-day window runs from the resolution itself, and the daily cap counts the
employee's local day of that time. A reopening carries no time and is dated by its event; the window's close by
the clock of the job.
"""

from __future__ import annotations

import datetime as dt
import uuid

from services.platform.clock import local_date
from services.platform.outbox.service import publish, publish_many

from ..directory import service as directory
from ..loyalty.service import NEGATIVE_KINDS, POSITIVE_KINDS
from ..platform_tables import OUTBOX
from . import badges, events, evidence, ledger, rules
from .tables import LedgerEntry

FALLBACK_TIME_ZONE = "UTC"
WINDOW_BATCH = 500


def resolution_source(feedback_id: uuid.UUID, reopen_count: int) -> str:
    return f"complaint:{feedback_id}:r{reopen_count}"


def _at(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


async def _time_zones(employee_ids) -> dict[uuid.UUID, str]:
    """Each employee's zone from the replica (UTC for someone it does not know yet)."""
    ids = list(dict.fromkeys(employee_ids))
    rows = await directory.get_many(ids=ids)
    return {i: (row["time_zone"] if row else FALLBACK_TIME_ZONE) for i, row in zip(ids, rows)}


async def _award(
    *,
    employee_id: uuid.UUID,
    rule_key: str,
    source: str,
    entry: str,
    at: dt.datetime,
    time_zone: str,
    feedback_id: uuid.UUID | None,
    names_company_value: bool = False,
    rules_now: dict | None = None,
) -> dict | None:
    """One ledger entry and, when it is new, the badges it completes (same transaction)."""
    rules_now = rules_now or await rules.effective_rules()
    row = await ledger.record(
        employee_id=employee_id,
        rule=rules_now[rule_key],
        source=source,
        entry=entry,
        at=at,
        time_zone=time_zone,
        feedback_id=feedback_id,
    )
    if row is not None:
        earned = await badges.award_earned(
            employee_id=employee_id, rule=rule_key, names_company_value=names_company_value, at=at
        )
        if earned:
            await publish_many(
                OUTBOX,
                topic=events.BADGE_EARNED,
                payloads=events.badge_earned_payloads(employee_id=employee_id, keys=earned, at=at),
            )
    return row


# ---------------------------------------------------------------- facts that earn points


async def feedback_recorded(*, payload: dict) -> int:
    """A praise: +praise_received for each employee it names; returns how many entries were written."""
    if payload["kind"] != "praise":
        return 0
    feedback_id = uuid.UUID(payload["feedback_id"])
    # In id order: two praises naming the same people add to their board rows in the same order (no deadlock).
    subjects = sorted({uuid.UUID(s) for s in payload.get("subjects") or []})
    if not subjects:
        return 0
    at = _at(payload["received_at"])
    zones = await _time_zones(subjects)
    current = await rules.effective_rules()
    written = 0
    async with LedgerEntry._meta.db.transaction():
        for subject in subjects:
            row = await _award(
                employee_id=subject,
                rule_key=rules.PRAISE_RECEIVED,
                source=f"feedback:{feedback_id}",
                entry=ledger.AWARD,
                at=at,
                time_zone=zones[subject],
                feedback_id=feedback_id,
                names_company_value=bool(payload.get("company_value")),
                rules_now=current,
            )
            written += row is not None
    return written


async def feedback_replied(*, payload: dict) -> bool:
    """The first reply to a praise: +praise_answered for its author (thanking the customer is the habit)."""
    if payload["kind"] != "praise" or not payload.get("first"):
        return False
    author = uuid.UUID(payload["author"])
    feedback_id = uuid.UUID(payload["feedback_id"])
    zones = await _time_zones([author])
    async with LedgerEntry._meta.db.transaction():
        row = await _award(
            employee_id=author,
            rule_key=rules.PRAISE_ANSWERED,
            source=f"feedback:{feedback_id}",
            entry=ledger.AWARD,
            at=_at(payload["replied_at"]),
            time_zone=zones[author],
            feedback_id=feedback_id,
        )
    return row is not None


async def complaint_acknowledged(*, payload: dict) -> bool:
    """Acknowledged within the target: +acknowledged_within_target for the owner, unless the complaint is their
    own evidence (about them and taken by them, or recorded by them: evidence.py)."""
    if not payload.get("within_target") or not payload.get("owner"):
        return False
    owner = uuid.UUID(payload["owner"])
    feedback_id = uuid.UUID(payload["feedback_id"])
    if not evidence.earns_acknowledgement(await evidence.standing(feedback_id=feedback_id, owner=owner)):
        return False
    zones = await _time_zones([owner])
    async with LedgerEntry._meta.db.transaction():
        row = await _award(
            employee_id=owner,
            rule_key=rules.ACKNOWLEDGED_WITHIN_TARGET,
            source=f"complaint:{feedback_id}",
            entry=ledger.AWARD,
            at=_at(payload["acknowledged_at"]),
            time_zone=zones[owner],
            feedback_id=feedback_id,
        )
    return row is not None


async def complaint_resolved(*, payload: dict) -> int:
    """Resolution points wait as pending for the loyalty verdict; a late resolution costs points at once."""
    if not payload.get("owner"):
        return 0
    owner = uuid.UUID(payload["owner"])
    feedback_id = uuid.UUID(payload["feedback_id"])
    source = resolution_source(feedback_id, int(payload.get("reopen_count") or 0))
    at = _at(payload["resolved_at"])
    earned = [(rules.RESOLVED, ledger.PENDING)]
    if int(payload.get("transfer_count") or 0) == 0:
        earned.append((rules.RESOLVED_WITHOUT_TRANSFER, ledger.PENDING))
    if payload.get("late"):
        earned.append((rules.RESOLVED_LATE, ledger.AWARD))
    zones = await _time_zones([owner])
    current = await rules.effective_rules()
    written = 0
    async with LedgerEntry._meta.db.transaction():
        for rule_key, entry in earned:
            row = await _award(
                employee_id=owner,
                rule_key=rule_key,
                source=source,
                entry=entry,
                at=at,
                time_zone=zones[owner],
                feedback_id=feedback_id,
                rules_now=current,
            )
            written += row is not None
    return written


async def complaint_reopened(*, payload: dict, at: dt.datetime) -> int:
    """The resolution did not hold: every resolution of the complaint not yet reversed is (confirmed ones too)."""
    feedback_id = uuid.UUID(payload["feedback_id"])
    async with LedgerEntry._meta.db.transaction():
        standing = [r for r in await ledger.resolutions(feedback_id=feedback_id) if not r.reversed]
        if not standing:
            return 0
        return len(await _settle(standing, entry=ledger.REVERSE, at=at))


async def loyalty_outcome_recorded(*, payload: dict) -> dict:
    """A verdict on the complaint's latest resolution, if it came within 90 days of it.

    Positive (returned, bought again, promoter): the pending points are confirmed and the owner gets
    +loyalty_confirmed once per complaint, with a streak freeze, when the verdict is evidence the owner did not
    produce (evidence.py); otherwise it changes nothing. Negative (churned, detractor): the pending points are
    voided, whoever reports it. The first verdict that counts settles the resolution; later ones change nothing.
    """
    feedback_id = uuid.UUID(payload["feedback_id"])
    occurred_at = _at(payload["occurred_at"])
    kind = payload["kind"]
    result = {"confirmed": 0, "reversed": 0, "loyalty": False}
    if kind not in POSITIVE_KINDS and kind not in NEGATIVE_KINDS:
        return result
    async with LedgerEntry._meta.db.transaction():
        found = await ledger.resolutions(feedback_id=feedback_id)
        if not found:
            return result
        latest = found[-1]
        if not latest.resolved_at <= occurred_at <= latest.resolved_at + rules.LOYALTY_WINDOW:
            return result
        if kind in NEGATIVE_KINDS:
            if not latest.settled:
                result["reversed"] = len(await _settle([latest], entry=ledger.REVERSE, at=occurred_at))
            return result
        if latest.reversed:
            return result
        standing = await evidence.standing(feedback_id=feedback_id, owner=latest.employee)
        recorded_by = uuid.UUID(payload["recorded_by"]) if payload.get("recorded_by") else None
        if not evidence.positive_verdict_counts(
            standing, source=payload.get("source") or evidence.STAFF, recorded_by=recorded_by, owner=latest.employee
        ):
            return result
        if not latest.confirmed:
            result["confirmed"] = len(await _settle([latest], entry=ledger.CONFIRM, at=occurred_at))
        zones = await _time_zones([latest.employee])
        row = await _award(
            employee_id=latest.employee,
            rule_key=rules.LOYALTY_CONFIRMED,
            source=f"loyalty:{feedback_id}",
            entry=ledger.AWARD,
            at=occurred_at,
            time_zone=zones[latest.employee],
            feedback_id=feedback_id,
        )
        if row is not None:
            result["loyalty"] = True
            await publish(
                OUTBOX,
                topic="streak_freeze.granted",
                payload={
                    "employee_id": str(latest.employee),
                    "reason": "loyalty",
                    "source_ref": f"loyalty:{feedback_id}",
                },
            )
    return result


async def _settle(found: list[ledger.Resolution], *, entry: str, at: dt.datetime) -> list[dict]:
    zones = await _time_zones([r.employee for r in found])
    ids, days = [], []
    for resolution in found:
        day = local_date(at, zones[resolution.employee])
        ids += resolution.pending_ids
        days += [day] * len(resolution.pending_ids)
    return await ledger.settle(pending_ids=ids, entry=entry, at=at, local_dates=days)


async def close_loyalty_windows(*, now: dt.datetime, batch: int = WINDOW_BATCH) -> int:
    """Settle the pending points of resolutions whose 90 days passed without a negative verdict: confirmed, or
    voided where only the customer's own verdict could confirm them and none came (evidence.py)."""
    total = 0
    while True:
        async with LedgerEntry._meta.db.transaction():
            due = await ledger.lock_due(resolved_before=now - rules.LOYALTY_WINDOW, limit=batch)
            if not due:
                return total
            zones = await _time_zones({row["employee"] for row in due})
            found = await evidence.standings(
                feedback_ids=[row["feedback"] for row in due], owner_of={row["feedback"]: row["employee"] for row in due}
            )
            for entry in (ledger.CONFIRM, ledger.REVERSE):
                confirms = entry == ledger.CONFIRM
                chosen = [
                    row for row in due
                    if evidence.window_close_confirms(found.get(row["feedback"], evidence.Standing.INDEPENDENT)) == confirms
                ]
                if chosen:
                    written = await ledger.settle(
                        pending_ids=[row["id"] for row in chosen],
                        entry=entry,
                        at=now,
                        local_dates=[local_date(now, zones[row["employee"]]) for row in chosen],
                    )
                    total += len(written)
        if len(due) < batch:
            return total
