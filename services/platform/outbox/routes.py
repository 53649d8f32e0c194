"""Which services consume which event topics (the relay copies each event to every consumer's queue)."""

from __future__ import annotations

ROUTES: dict[str, tuple[str, ...]] = {
    # The feedback service keeps a replica of the org directory owned by the learning service; learning's own
    # scenarios follow people who join or leave a team (scenarios/jobs.py).
    "employee.upserted": ("feedback", "learning"),
    "employee.deactivated": ("feedback",),
    # Sent by the feedback service (a praise or a confirmed loyalty outcome); learning applies its freeze rules.
    "streak_freeze.granted": ("learning",),
    # Sent by the feedback service when a categorised complaint calls for a lesson.
    "lesson.assignment_requested": ("learning",),
    # The learning service tells the badge authority (feedback) of a learning milestone (progress/milestones.py).
    "learning.milestone_reached": ("feedback",),
    # The feedback service asks the learning service to announce every employee again (replica backfill).
    "directory.backfill_requested": ("learning",),
    # Something changed what a member adds to their teams: the learning worker brings the team rollups up to date.
    "team.member_changed": ("learning",),
    # The learning service mails its own account links from its worker (never inside the request).
    "account.invitation_requested": ("learning",),
    "account.password_reset_requested": ("learning",),
    # Facts inside the feedback service that recognition (points, badges) and notifications act on.
    "feedback.recorded": ("feedback",),
    "feedback.replied": ("feedback",),
    "complaint.acknowledged": ("feedback",),
    "complaint.transferred": ("feedback",),
    "complaint.resolved": ("feedback",),
    "complaint.reopened": ("feedback",),
    "complaint.closed": ("feedback",),
    # A resolved (or reopened) complaint's anonymised snapshot: learning keeps it to draft practice scenarios from.
    "complaint.practice_case": ("learning",),
    "loyalty.outcome_recorded": ("feedback",),
    # Sent by the feedback service when an employee earns a badge; learning keeps it for training exports (xAPI).
    "badge.earned": ("learning",),
    # A follow-up survey was made: the feedback worker e-mails it to the customer.
    "survey.created": ("feedback",),
}


def queue_name(service: str) -> str:
    """The arq queue a service's worker listens on."""
    return f"serviceloop:{service}"
