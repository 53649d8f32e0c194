"""Complaint categories and the lesson each one asks the people it names to take (content in category_lessons.yaml)."""

from __future__ import annotations

import functools
import pathlib

import yaml

CATEGORIES = (
    "rude_tone",
    "slow_response",
    "didnt_know_answer",
    "product_unavailable",
    "passed_around",
    "request_refused",
    "defective_product",
    "late_delivery",
    "wrong_information",
    "price_or_discount",
    "other",
)
LESSONS_FILE = pathlib.Path(__file__).with_name("category_lessons.yaml")


@functools.cache
def category_lessons() -> dict[str, str]:
    """The category -> lesson id map, read once; a category missing from the file fails loudly at first use."""
    mapping = yaml.safe_load(LESSONS_FILE.read_text(encoding="utf-8")) or {}
    missing = [c for c in CATEGORIES if not mapping.get(c)]
    unknown = [c for c in mapping if c not in CATEGORIES]
    if missing or unknown:
        raise ValueError(f"{LESSONS_FILE.name}: missing {missing}, unknown {unknown}")
    return {str(k): str(v) for k, v in mapping.items()}


def lesson_for(category: str) -> str:
    """The lesson id a complaint of this category assigns."""
    return category_lessons()[category]
