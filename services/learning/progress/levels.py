"""The level curve and the pass mark (what XP each step earns is in xp.py)."""

from __future__ import annotations

PASS_RATIO = 0.6


def xp_for_level(level: int) -> int:
    """Total XP needed to reach `level`: 0, 100, 300, 600, 1000... (each level asks 100 more than the last)."""
    return 50 * level * (level - 1)


def level_for_xp(xp: int) -> int:
    level = 1
    while xp_for_level(level + 1) <= xp:
        level += 1
    return level


def passed(correct: int, total: int) -> bool:
    """A lesson is passed with at least 60% of its items right."""
    return total > 0 and correct / total >= PASS_RATIO
