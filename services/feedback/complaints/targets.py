"""Response-time targets per channel: how soon a complaint must be acknowledged and resolved."""

from __future__ import annotations

from typing import NamedTuple

from services.platform.errors import ValidationFailed

from .tables import ResponseTarget

DAY = 24 * 3600


class Target(NamedTuple):
    acknowledge_seconds: int
    resolve_seconds: int


# Used when no row is stored for a channel: a call or a customer at the counter wants an answer within the
# minute, a chat within five, anything written within the hour; every complaint is resolved within two days.
DEFAULT_TARGETS: dict[str, Target] = {
    "phone": Target(60, 2 * DAY),
    "in_person": Target(60, 2 * DAY),
    "chat": Target(300, 2 * DAY),
}
FALLBACK_TARGET = Target(3600, 2 * DAY)


def _t() -> str:
    return ResponseTarget._meta.get_formatted_tablename()


async def target_for(channel: str) -> Target:
    """(acknowledge_seconds, resolve_seconds) for complaints arriving on the channel."""
    rows = await ResponseTarget.raw(
        f"SELECT acknowledge_seconds, resolve_seconds FROM {_t()} WHERE channel = {{}}", channel
    )
    if rows:
        return Target(rows[0]["acknowledge_seconds"], rows[0]["resolve_seconds"])
    return DEFAULT_TARGETS.get(channel, FALLBACK_TARGET)


async def effective_targets() -> list[dict]:
    """Every channel's target in force: {"channel", "target", "configured"} ordered by channel."""
    from ..intake.service import CHANNELS

    rows = await ResponseTarget.raw(f"SELECT channel, acknowledge_seconds, resolve_seconds FROM {_t()}")
    stored = {r["channel"]: Target(r["acknowledge_seconds"], r["resolve_seconds"]) for r in rows}
    return [
        {
            "channel": channel,
            "target": stored.get(channel, DEFAULT_TARGETS.get(channel, FALLBACK_TARGET)),
            "configured": channel in stored,
        }
        for channel in sorted(set(CHANNELS) | set(stored))
    ]


async def set_target(*, channel: str, acknowledge_seconds: int, resolve_seconds: int) -> Target:
    """Store a channel's targets; complaints received afterwards use them."""
    from ..intake.service import CHANNELS

    if channel not in CHANNELS:
        raise ValidationFailed(f"Unknown channel {channel!r}.", code="INVALID_CHANNEL")
    if not 0 < acknowledge_seconds <= resolve_seconds:
        raise ValidationFailed(
            "Targets are positive and acknowledging comes before resolving.", code="INVALID_TARGET"
        )
    await ResponseTarget.raw(
        f"INSERT INTO {_t()} (channel, acknowledge_seconds, resolve_seconds) VALUES ({{}}, {{}}, {{}}) "
        "ON CONFLICT (channel) DO UPDATE SET acknowledge_seconds = EXCLUDED.acknowledge_seconds, "
        "resolve_seconds = EXCLUDED.resolve_seconds",
        channel,
        acknowledge_seconds,
        resolve_seconds,
    )
    return Target(acknowledge_seconds, resolve_seconds)
