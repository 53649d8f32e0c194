"""The one who is scored never produces the evidence: which facts about a complaint may earn its owner points
or count in their NPS.

A complaint's owner is scored on it (acknowledged within target, resolution points, loyalty, NPS). What the
owner did themselves proves nothing about the customer; only what someone else produced does. Three standings:

  INDEPENDENT  the owner neither recorded the complaint nor is among the people it is about, or a manager, HR
               or admin handed it to them: the usual rules (recognition/rules.py) apply.
  OWN_SUBJECT  the complaint is about the owner and they took it themselves (allowed: owning your mistakes is
               what the lessons teach). Nothing for acknowledging it; its resolution points wait for the
               customer's own verdict: the e-mailed survey (the customer's address came from the customer or a
               colleague, not from the owner) or an integration. The loyalty window closing without a verdict
               voids them instead of confirming them.
  OWN_RECORD   the owner recorded the complaint themselves, contact details included: only an integration's
               outcome can confirm; survey answers on it never count in NPS (the owner chose where it went).

Whatever the standing: a positive outcome recorded by the owner themselves confirms nothing, an in-person
survey (the owner's own screen) confirms no points though it counts in NPS (marked as in person, and not on a
complaint about the owner), and bad news always counts.
"""

from __future__ import annotations

import enum
import uuid

from ..intake.tables import Feedback, FeedbackSubject

# Outcome sources (loyalty/service.py): who produced the verdict.
STAFF = "staff"
INTEGRATION = "integration"
EMAILED_SURVEY = "survey"
IN_PERSON_SURVEY = "in_person"


class Standing(enum.Enum):
    INDEPENDENT = "independent"
    OWN_SUBJECT = "own_subject"
    OWN_RECORD = "own_record"


def standing_of(*, owner: uuid.UUID | None, recorded_by: uuid.UUID | None, subjects, assigned_by) -> Standing:
    """How the complaint's owner stands to the evidence about it."""
    if owner is None:
        return Standing.INDEPENDENT
    if recorded_by is not None and recorded_by == owner:
        return Standing.OWN_RECORD
    if owner in set(subjects) and assigned_by is None:
        return Standing.OWN_SUBJECT
    return Standing.INDEPENDENT


async def standings(*, feedback_ids, owner_of: dict | None = None) -> dict[uuid.UUID, Standing]:
    """The standing of each complaint's owner (or of `owner_of[feedback]`, the owner at a resolution): one statement."""
    ids = list(dict.fromkeys(feedback_ids))
    if not ids:
        return {}
    rows = await Feedback.raw(
        f"SELECT f.id, f.owner, f.recorded_by, f.owner_assigned_by, "
        f"ARRAY(SELECT s.employee FROM {FeedbackSubject._meta.get_formatted_tablename()} s WHERE s.feedback = f.id) "
        f"AS subjects FROM {Feedback._meta.get_formatted_tablename()} f WHERE f.id = ANY({{}}::uuid[])",
        ids,
    )
    found = {}
    for row in rows:
        owner = (owner_of or {}).get(row["id"], row["owner"])
        found[row["id"]] = standing_of(
            owner=owner, recorded_by=row["recorded_by"], subjects=row["subjects"], assigned_by=row["owner_assigned_by"]
        )
    return found


async def standing(*, feedback_id: uuid.UUID, owner: uuid.UUID | None = None) -> Standing:
    found = await standings(feedback_ids=[feedback_id], owner_of={feedback_id: owner} if owner else None)
    return found.get(feedback_id, Standing.INDEPENDENT)


def earns_acknowledgement(standing: Standing) -> bool:
    """Acknowledging in time is the owner's own act: it counts only on a complaint someone else brought them."""
    return standing is Standing.INDEPENDENT


def positive_verdict_counts(standing: Standing, *, source: str, recorded_by: uuid.UUID | None, owner: uuid.UUID) -> bool:
    """Whether a good outcome (returned, bought again, promoter) confirms the owner's pending points."""
    if recorded_by is not None and recorded_by == owner:
        return False
    if source == IN_PERSON_SURVEY:
        return False
    if standing is Standing.INDEPENDENT:
        return True
    if standing is Standing.OWN_SUBJECT:
        return source in (EMAILED_SURVEY, INTEGRATION)
    return source == INTEGRATION


def window_close_confirms(standing: Standing) -> bool:
    """No bad news in 90 days confirms a resolution only when the owner did not produce the complaint's evidence."""
    return standing is Standing.INDEPENDENT


def survey_counts_for_nps(standing: Standing, *, source: str) -> bool:
    """A survey answer counts in the owner's NPS unless the owner recorded the complaint (and so chose where the
    survey went), or it is about the owner and was answered on the owner's own screen."""
    if standing is Standing.OWN_RECORD:
        return False
    return not (standing is Standing.OWN_SUBJECT and source == IN_PERSON_SURVEY)
