"""Authored scenarios: drafting (managers, HR, admin), approval (HR, admin), withdrawal, and their review items."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence

from services.platform.auth.principal import Principal, Role
from services.platform.errors import Conflict, Forbidden, NotFound, ValidationFailed
from services.platform.idempotency import run_once

from ..directory.policies import STAFF_ADMIN, in_subtree
from ..directory.tables import Employee
from ..lessons.content_model import Text
from ..lessons.items import SCENARIO_QUESTION, Item, stable_flip
from ..platform_tables import IdempotencyRecord
from ..progress.tables import ReviewCard
from .tables import AuthoredScenario, ComplaintCase, ScenarioAudit

DRAFT, APPROVED, WITHDRAWN = "draft", "approved", "withdrawn"
DRAFTED, EDITED = "drafted", "edited"
ITEM_PREFIX = "authored:"
# What review cards and XP entries name as the item's lesson: authored scenarios belong to no catalogue lesson.
LESSON_ID = "authored-scenarios"
LANGUAGES = ("et", "en")
MAX_SITUATION, MAX_REPLY, MAX_WHY, MAX_REASON = 2000, 1000, 1000, 2000
FIELDS = {"situation": MAX_SITUATION, "worse": MAX_REPLY, "better": MAX_REPLY, "why": MAX_WHY}
APPROVERS = (Role.HR, Role.ADMIN)


def _t(table) -> str:
    return table._meta.get_formatted_tablename()


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def item_id(scenario_id) -> str:
    return f"{ITEM_PREFIX}{scenario_id}"


def is_scenario_item(item_id: str) -> bool:
    return item_id.startswith(ITEM_PREFIX)


# ---------------------------------------------------------------- texts


def _bilingual(name: str, given: dict[str, str | None], languages: set[str]) -> dict[str, str]:
    """One text in the languages the author wrote (the same for every field); the other language shows the same."""
    text = {k: (given.get(k) or "").strip() for k in LANGUAGES}
    written = {k for k, v in text.items() if v}
    if written != languages:
        raise ValidationFailed(
            f"Write {name} in the same languages as the situation.", code="SCENARIO_LANGUAGES_DIFFER", field=name
        )
    for k, v in text.items():
        if len(v) > FIELDS[name]:
            raise ValidationFailed(f"{name} is too long.", code="FIELD_TOO_LONG", field=name, maximum=FIELDS[name])
    only = text["et"] or text["en"]
    return {k: text[k] or only for k in LANGUAGES}


def check_texts(texts: dict[str, dict[str, str | None]]) -> dict[str, dict[str, str]]:
    """Situation, worse, better and why, each in et and/or en (the same languages for all four)."""
    languages = {k for k in LANGUAGES if (texts["situation"].get(k) or "").strip()}
    if not languages:
        raise ValidationFailed("Describe the situation in Estonian or English.", code="SCENARIO_TEXT_REQUIRED")
    checked = {name: _bilingual(name, texts[name], languages) for name in FIELDS}
    if checked["worse"] == checked["better"]:
        raise ValidationFailed("The better reply must differ from the worse one.", code="SCENARIO_REPLIES_SAME")
    return checked


def _content(row: dict) -> dict:
    return {name: _json(row[name]) for name in FIELDS}


def is_complete(content: dict[str, dict[str, str]]) -> bool:
    """Every text written in at least one language (a draft from a complaint starts with the situation only)."""
    return all(any((content[name].get(k) or "").strip() for k in LANGUAGES) for name in FIELDS)


def scenario_item(row: dict) -> Item:
    """The review item of an approved scenario: which reply is better? The order is fixed per item."""
    content = _content(row)
    text = {name: Text(**value) for name, value in content.items()}
    key = item_id(row["id"])
    better_first = stable_flip(key)
    options = (text["better"], text["worse"]) if better_first else (text["worse"], text["better"])
    return Item(
        id=key,
        lesson_id=LESSON_ID,
        kind="scenario",
        question=SCENARIO_QUESTION,
        options=options,
        correct=0 if better_first else 1,
        explanation=text["why"],
        context=text["situation"],
    )


async def items_for(*, item_ids: Sequence[str]) -> dict[str, Item]:
    """The review items of approved scenarios among the ids (drafts and withdrawn ones have none): one statement."""
    ids = []
    for i in item_ids:
        if is_scenario_item(i):
            try:
                ids.append(uuid.UUID(i.removeprefix(ITEM_PREFIX)))
            except ValueError:
                continue
    if not ids:
        return {}
    rows = await AuthoredScenario.raw(
        f"SELECT * FROM {_t(AuthoredScenario)} WHERE id = ANY({{}}::uuid[]) AND status = {{}}", ids, APPROVED
    )
    return {item_id(r["id"]): scenario_item(r) for r in rows}


# ---------------------------------------------------------------- the steps


async def _audit(*, scenario_id: uuid.UUID, action: str, actor: uuid.UUID, now: dt.datetime, content: dict,
                 reason: str | None = None) -> None:
    table = _t(ScenarioAudit)
    await ScenarioAudit.raw(
        f"INSERT INTO {table} (id, scenario, seq, action, actor, at, content, reason) "
        f"SELECT {{}}, {{}}, coalesce(max(seq), 0) + 1, {{}}, {{}}, {{}}, {{}}, {{}} FROM {table} WHERE scenario = {{}}",
        uuid.uuid4(), scenario_id, action, actor, now, json.dumps(content), reason, scenario_id,
    )


async def draft(
    *,
    author: dict,
    texts: dict[str, dict[str, str | None]],
    source_feedback_id: uuid.UUID | None,
    client_id: str,
    now: dt.datetime,
) -> uuid.UUID:
    """A manager's (or HR's) scenario, waiting for HR's approval; the team is the author's subtree."""
    content = check_texts(texts)

    async def work() -> dict:
        scenario_id = uuid.uuid4()
        await AuthoredScenario.raw(
            f"INSERT INTO {_t(AuthoredScenario)} (id, author, team_path, source_feedback_id, situation, worse, better, "
            "why, status, created_at) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
            scenario_id, author["id"], author["org_path"], source_feedback_id,
            *(json.dumps(content[name]) for name in FIELDS), DRAFT, now,
        )
        await _audit(scenario_id=scenario_id, action=DRAFTED, actor=author["id"], now=now, content=content)
        return {"scenario_id": str(scenario_id)}

    async with AuthoredScenario._meta.db.transaction():
        result = await run_once(
            IdempotencyRecord,
            principal_id=author["id"],
            operation="draftScenario",
            client_id=client_id,
            request={"texts": content, "source": str(source_feedback_id) if source_feedback_id else None},
            work=work,
        )
    return uuid.UUID(result["scenario_id"])


# ---------------------------------------------------------------- drafting from a complaint


async def keep_case(*, case: dict, now: dt.datetime) -> bool:
    """Store the feedback service's practice case of a complaint unless a newer revision is already here."""
    rows = await ComplaintCase.raw(
        f"INSERT INTO {_t(ComplaintCase)} AS c (feedback_id, revision, resolved, category, channel, subject_ids, "
        "situation, received_at, resolved_at, updated_at) VALUES ({}, {}, {}, {}, {}, {}::uuid[], {}, {}, {}, {}) "
        "ON CONFLICT (feedback_id) DO UPDATE SET revision = EXCLUDED.revision, resolved = EXCLUDED.resolved, "
        "category = EXCLUDED.category, channel = EXCLUDED.channel, subject_ids = EXCLUDED.subject_ids, "
        "situation = EXCLUDED.situation, received_at = EXCLUDED.received_at, resolved_at = EXCLUDED.resolved_at, "
        "updated_at = EXCLUDED.updated_at WHERE c.revision < EXCLUDED.revision RETURNING feedback_id",
        uuid.UUID(case["feedback_id"]), case["revision"], case["resolved"], case["category"], case["channel"],
        [uuid.UUID(i) for i in case["subject_ids"]],
        json.dumps(case["situation"]) if case["situation"] is not None else None,
        dt.datetime.fromisoformat(case["received_at"]),
        dt.datetime.fromisoformat(case["resolved_at"]) if case["resolved_at"] else None,
        now,
    )
    return bool(rows)


def may_draft_from(author: dict, subjects: list[dict]) -> bool:
    """HR and admin for any complaint; a manager for one about someone in their subtree (learning's own directory)."""
    if Role(author["role"]) in STAFF_ADMIN:
        return True
    return Role(author["role"]) == Role.MANAGER and any(in_subtree(author["id"], s) for s in subjects)


def situation_from(case: dict) -> dict[str, str]:
    """The case's anonymised text as the draft's situation, in the language(s) it came in; the rest left blank."""
    given = _json(case["situation"]) or {}
    return {k: (given.get(k) or "")[:MAX_SITUATION] for k in LANGUAGES}


async def _case_for(*, feedback_id: uuid.UUID, author: dict) -> dict:
    """The complaint's case, locked, for someone who may draft from it. Unknown, never resolved and outside the
    caller's team all answer COMPLAINT_NOT_FOUND, so ids cannot be probed; a reopened one of their team
    COMPLAINT_NOT_RESOLVED."""
    rows = await ComplaintCase.raw(
        f"SELECT * FROM {_t(ComplaintCase)} WHERE feedback_id = {{}} FOR UPDATE", feedback_id
    )
    case = rows[0] if rows else None
    subjects = await Employee.raw(
        f"SELECT id, org_path FROM {_t(Employee)} WHERE id = ANY({{}}::uuid[])", list(case["subject_ids"])
    ) if case else []
    if case is None or not may_draft_from(author, subjects):
        raise NotFound("No resolved complaint of your team has this id.", code="COMPLAINT_NOT_FOUND")
    if not case["resolved"]:
        raise Conflict("This complaint has been reopened; draft from it once it is resolved.",
                       code="COMPLAINT_NOT_RESOLVED")
    return case


async def draft_from_complaint(
    *, author: dict, feedback_id: uuid.UUID, client_id: str, now: dt.datetime
) -> uuid.UUID:
    """A draft whose situation is the complaint's anonymised text; its author writes the replies and why (edit),
    HR approves. One complaint makes one scenario at a time: COMPLAINT_ALREADY_DRAFTED (with `scenarioId`) while
    a draft or approved one from it exists; a withdrawn one frees the complaint again."""

    async def work() -> dict:
        case = await _case_for(feedback_id=feedback_id, author=author)
        existing = await AuthoredScenario.raw(
            f"SELECT id FROM {_t(AuthoredScenario)} WHERE source_feedback_id = {{}} AND status <> {{}} LIMIT 1",
            feedback_id, WITHDRAWN,
        )
        if existing:
            raise Conflict("A scenario was already drafted from this complaint.", code="COMPLAINT_ALREADY_DRAFTED",
                           scenarioId=str(existing[0]["id"]))
        blank = {k: "" for k in LANGUAGES}
        content = {"situation": situation_from(case), "worse": blank, "better": blank, "why": blank}
        scenario_id = uuid.uuid4()
        await AuthoredScenario.raw(
            f"INSERT INTO {_t(AuthoredScenario)} (id, author, team_path, source_feedback_id, situation, worse, better, "
            "why, status, created_at) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
            scenario_id, author["id"], author["org_path"], feedback_id,
            *(json.dumps(content[name]) for name in FIELDS), DRAFT, now,
        )
        await _audit(scenario_id=scenario_id, action=DRAFTED, actor=author["id"], now=now, content=content)
        return {"scenario_id": str(scenario_id)}

    async with AuthoredScenario._meta.db.transaction():
        result = await run_once(
            IdempotencyRecord,
            principal_id=author["id"],
            operation="draftScenarioFromComplaint",
            client_id=client_id,
            request={"feedback_id": str(feedback_id)},
            work=work,
        )
    return uuid.UUID(result["scenario_id"])


async def edit(
    *, scenario_id: uuid.UUID, editor: dict, texts: dict[str, dict[str, str | None]], client_id: str, now: dt.datetime
) -> None:
    """Its author rewrites a draft: situation, worse and better reply and why, all four (et and/or en)."""
    content = check_texts(texts)

    async def work() -> dict:
        row = await _locked(scenario_id)
        if row["author"] != editor["id"]:
            if Role(editor["role"]) in APPROVERS:  # they see it, so it exists for them; they approve, not write
                raise Forbidden("Only its author edits a scenario.", code="FORBIDDEN")
            raise NotFound("No such scenario.", code="SCENARIO_NOT_FOUND")
        if row["status"] != DRAFT:
            raise Conflict(f"This scenario is {row['status']}.", code="SCENARIO_NOT_DRAFT", status=row["status"])
        await AuthoredScenario.raw(
            f"UPDATE {_t(AuthoredScenario)} SET situation = {{}}, worse = {{}}, better = {{}}, why = {{}} "
            "WHERE id = {}",
            *(json.dumps(content[name]) for name in FIELDS), scenario_id,
        )
        await _audit(scenario_id=scenario_id, action=EDITED, actor=editor["id"], now=now, content=content)
        return {"scenario_id": str(scenario_id)}

    async with AuthoredScenario._meta.db.transaction():
        await run_once(
            IdempotencyRecord,
            principal_id=editor["id"],
            operation="editScenario",
            client_id=client_id,
            request={"scenario_id": str(scenario_id), "texts": content},
            work=work,
        )


async def _locked(scenario_id: uuid.UUID) -> dict:
    rows = await AuthoredScenario.raw(
        f"SELECT * FROM {_t(AuthoredScenario)} WHERE id = {{}} FOR UPDATE", scenario_id
    )
    if not rows:
        raise NotFound("No such scenario.", code="SCENARIO_NOT_FOUND")
    return rows[0]


async def approve(*, scenario_id: uuid.UUID, approver: Principal, client_id: str, now: dt.datetime) -> None:
    """HR (or admin) approves a draft someone else wrote: it becomes a review item due now for every active member
    of the author's team (the author's subtree, not the author)."""

    async def work() -> dict:
        row = await _locked(scenario_id)
        if row["author"] == approver.employee_id:
            raise Forbidden("Someone else approves what you wrote.", code="OWN_SCENARIO")
        if row["status"] != DRAFT:
            raise Conflict(f"This scenario is {row['status']}.", code="SCENARIO_NOT_DRAFT", status=row["status"])
        if not is_complete(_content(row)):
            raise Conflict("Write the worse and better reply and why before approval.", code="SCENARIO_INCOMPLETE")
        await AuthoredScenario.raw(
            f"UPDATE {_t(AuthoredScenario)} SET status = {{}}, approved_by = {{}}, approved_at = {{}} WHERE id = {{}}",
            APPROVED, approver.employee_id, now, scenario_id,
        )
        await _audit(scenario_id=scenario_id, action="approved", actor=approver.employee_id, now=now,
                     content=_content(row))
        # One statement for the whole team; a card already there (never, for a new id) is left as it is.
        await ReviewCard.raw(
            f"INSERT INTO {_t(ReviewCard)} (id, employee, item_id, lesson_id, due) "
            f"SELECT gen_random_uuid(), e.id, {{}}, {{}}, {{}} FROM {_t(Employee)} e "
            "WHERE e.active AND starts_with(e.org_path, {} || '/') "
            "ON CONFLICT (employee, item_id) DO NOTHING",
            item_id(scenario_id), LESSON_ID, now, row["team_path"],
        )
        return {"scenario_id": str(scenario_id)}

    async with AuthoredScenario._meta.db.transaction():
        await run_once(
            IdempotencyRecord,
            principal_id=approver.employee_id,
            operation="approveScenario",
            client_id=client_id,
            request={"scenario_id": str(scenario_id)},
            work=work,
        )


def may_withdraw(actor: Principal, row: dict) -> None:
    """Its author, HR and admin."""
    if actor.role not in APPROVERS and row["author"] != actor.employee_id:
        raise Forbidden("Only its author, HR and admin may withdraw a scenario.")


async def withdraw(
    *, scenario_id: uuid.UUID, actor: Principal, reason: str | None, client_id: str, now: dt.datetime
) -> None:
    """Take a draft or approved scenario out: its review items are no longer planned or answerable."""
    why = (reason or "").strip() or None
    if why and len(why) > MAX_REASON:
        raise ValidationFailed("The reason is too long.", code="FIELD_TOO_LONG", field="reason", maximum=MAX_REASON)

    async def work() -> dict:
        row = await _locked(scenario_id)
        may_withdraw(actor, row)
        if row["status"] == WITHDRAWN:
            raise Conflict("This scenario is already withdrawn.", code="SCENARIO_WITHDRAWN")
        await AuthoredScenario.raw(
            f"UPDATE {_t(AuthoredScenario)} SET status = {{}}, withdrawn_by = {{}}, withdrawn_at = {{}} WHERE id = {{}}",
            WITHDRAWN, actor.employee_id, now, scenario_id,
        )
        await _audit(scenario_id=scenario_id, action="withdrawn", actor=actor.employee_id, now=now,
                     content=_content(row), reason=why)
        return {"scenario_id": str(scenario_id)}

    async with AuthoredScenario._meta.db.transaction():
        await run_once(
            IdempotencyRecord,
            principal_id=actor.employee_id,
            operation="withdrawScenario",
            client_id=client_id,
            request={"scenario_id": str(scenario_id), "reason": why},
            work=work,
        )


# ---------------------------------------------------------------- the team's review pool


async def follow_team(*, employee_id: uuid.UUID) -> None:
    """Keep an employee's scenario reviews in step with their place in the org chart now: approved scenarios of a
    team they joined become due at once (due since their approval), those of a team they left are no longer
    reviewed (their cards go; the answers stay). Reads the directory row, not the event, so late or repeated
    events do no harm."""
    cards, scenarios, employees = _t(ReviewCard), _t(AuthoredScenario), _t(Employee)
    await ReviewCard.raw(
        f"DELETE FROM {cards} c USING {scenarios} s, {employees} e "
        f"WHERE c.employee = {{}} AND e.id = c.employee AND c.item_id = '{ITEM_PREFIX}' || s.id::text "
        "AND NOT (e.active AND starts_with(e.org_path, s.team_path || '/'))",
        employee_id,
    )
    await ReviewCard.raw(
        f"INSERT INTO {cards} (id, employee, item_id, lesson_id, due) "
        f"SELECT gen_random_uuid(), e.id, '{ITEM_PREFIX}' || s.id::text, {{}}, s.approved_at FROM {employees} e "
        f"JOIN {scenarios} s ON s.status = {{}} AND starts_with(e.org_path, s.team_path || '/') "
        "WHERE e.id = {} AND e.active ON CONFLICT (employee, item_id) DO NOTHING",
        LESSON_ID, APPROVED, employee_id,
    )


# ---------------------------------------------------------------- reading


async def get_many(*, ids: Sequence[uuid.UUID]) -> list[dict | None]:
    rows = await AuthoredScenario.raw(f"SELECT * FROM {_t(AuthoredScenario)} WHERE id = ANY({{}}::uuid[])", list(ids))
    by_id = {r["id"]: r for r in rows}
    return [by_id.get(i) for i in ids]


def may_see(viewer: Principal, row: dict) -> bool:
    """Its author, HR and admin (the team meets it as a review item, not as a draft)."""
    return viewer.role in APPROVERS or row["author"] == viewer.employee_id


async def list_for(*, viewer: Principal, status: str | None) -> list[dict]:
    """Newest first: HR and admin every scenario, anyone else those they wrote."""
    where, args = [], []
    if viewer.role not in APPROVERS:
        where.append("author = {}")
        args.append(viewer.employee_id)
    if status:
        where.append("status = {}")
        args.append(status)
    sql = f"SELECT * FROM {_t(AuthoredScenario)}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return await AuthoredScenario.raw(sql + " ORDER BY created_at DESC, id LIMIT 200", *args)


async def audit_for_many(*, scenario_ids: Sequence[uuid.UUID]) -> list[list[dict]]:
    rows = await ScenarioAudit.raw(
        f"SELECT * FROM {_t(ScenarioAudit)} WHERE scenario = ANY({{}}::uuid[]) ORDER BY seq", list(scenario_ids)
    )
    grouped: dict[uuid.UUID, list[dict]] = {i: [] for i in scenario_ids}
    for row in rows:
        grouped[row["scenario"]].append(row)
    return [grouped[i] for i in scenario_ids]
