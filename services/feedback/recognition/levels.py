"""Recognition levels: a growing curve over the point balance."""

from __future__ import annotations


def points_for_level(level: int) -> int:
    """Total points needed to reach `level`: 0, 100, 300, 600, 1000... (each level asks 100 more than the last)."""
    return 50 * level * (level - 1)


def level_for_points(points: int) -> int:
    """The level of a balance; a balance at or below zero is level 1."""
    level = 1
    while points_for_level(level + 1) <= points:
        level += 1
    return level
