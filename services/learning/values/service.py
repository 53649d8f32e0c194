"""Defining the organisation's company values (HR and admin)."""

from __future__ import annotations

import uuid
import time
from dataclasses import dataclass

from services.platform.errors import NotFound, ValidationFailed

from .tables import CompanyValue

MAX_BEHAVIOURS = 8


@dataclass(frozen=True)
class ValueDraft:
    name: str
    meaning: str
    behaviours: list[str]


def _clean(draft: ValueDraft) -> ValueDraft:
    name, meaning = draft.name.strip(), draft.meaning.strip()
    behaviours = [b.strip() for b in draft.behaviours if b.strip()]
    problems = []
    if not 1 <= len(name) <= 80:
        problems.append("name must be 1-80 characters")
    if not 1 <= len(meaning) <= 1000:
        problems.append("meaning must be 1-1000 characters")
    if not 1 <= len(behaviours) <= MAX_BEHAVIOURS:
        problems.append(f"give 1-{MAX_BEHAVIOURS} behaviours")
    if any(len(b) > 300 for b in behaviours):
        problems.append("a behaviour is at most 300 characters")
    if problems:
        raise ValidationFailed("; ".join(problems), code="INVALID_VALUE", problems=problems)
    return ValueDraft(name=name, meaning=meaning, behaviours=behaviours)


async def get_all(*, include_archived: bool = False) -> list[dict]:
    query = CompanyValue.select().order_by(CompanyValue.position).order_by(CompanyValue.name)
    if not include_archived:
        query = query.where(CompanyValue.active == True)  # noqa: E712 (piccolo builds SQL from ==)
    return await query


async def create(*, draft: ValueDraft) -> dict:
    draft = _clean(draft)
    if await CompanyValue.exists().where(CompanyValue.name == draft.name):
        raise ValidationFailed(f"A value named '{draft.name}' exists already.", code="DUPLICATE_VALUE")
    position = await CompanyValue.count()
    row = CompanyValue(name=draft.name, meaning=draft.meaning, behaviours=draft.behaviours, position=position)
    await row.save()
    forget_cached_values()
    return await CompanyValue.select().where(CompanyValue.id == row.id).first()


async def update(*, value_id: uuid.UUID, draft: ValueDraft) -> dict:
    draft = _clean(draft)
    if not await CompanyValue.exists().where(CompanyValue.id == value_id):
        raise NotFound("No such company value.")
    clash = await CompanyValue.exists().where((CompanyValue.name == draft.name) & (CompanyValue.id != value_id))
    if clash:
        raise ValidationFailed(f"A value named '{draft.name}' exists already.", code="DUPLICATE_VALUE")
    await CompanyValue.update(
        {CompanyValue.name: draft.name, CompanyValue.meaning: draft.meaning, CompanyValue.behaviours: draft.behaviours}
    ).where(CompanyValue.id == value_id)
    forget_cached_values()
    return await CompanyValue.select().where(CompanyValue.id == value_id).first()


async def archive(*, value_id: uuid.UUID) -> dict:
    """Archived values leave the quiz; answers given about them stay in the history."""
    if not await CompanyValue.exists().where(CompanyValue.id == value_id):
        raise NotFound("No such company value.")
    await CompanyValue.update({CompanyValue.active: False}).where(CompanyValue.id == value_id)
    forget_cached_values()
    return await CompanyValue.select().where(CompanyValue.id == value_id).first()


# The quiz reads the active values on hot paths (the daily lesson, answers); they change rarely, so each
# process keeps them for a short while. Changes made in this process are seen at once.
ACTIVE_CACHE_SECONDS = 30
_active_cache: tuple[float, list[dict]] | None = None


async def get_active_for_quiz() -> list[dict]:
    """Active values as plain dicts (ids as strings), from a short-lived process cache."""
    global _active_cache
    if _active_cache is not None and time.monotonic() - _active_cache[0] < ACTIVE_CACHE_SECONDS:
        return _active_cache[1]
    rows = await get_all()
    values = [{"id": str(r["id"]), "name": r["name"], "meaning": r["meaning"], "behaviours": list(r["behaviours"])} for r in rows]
    _active_cache = (time.monotonic(), values)
    return values


def forget_cached_values() -> None:
    global _active_cache
    _active_cache = None
