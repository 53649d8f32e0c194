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
# What a customer may pick on the public form ("what went wrong"), in the order the form lists them; the form
# words each in the customer's own terms (the customer form, frontend/src/public/). The rest need a staff member's judgement.
PUBLIC_CATEGORIES = (
    "slow_response",
    "rude_tone",
    "didnt_know_answer",
    "passed_around",
    "product_unavailable",
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


def lesson_request_ref(feedback_id, lesson_id: str) -> str:
    """What an assignment a complaint asks for is keyed by: one per complaint, lesson and person."""
    return f"complaint:{feedback_id}:{lesson_id}"


LABELS_FILE = pathlib.Path(__file__).with_name("category_labels.yaml")
LOCALES = ("et", "en")


@functools.cache
def public_category_labels() -> dict[str, dict[str, str]]:
    """category -> {et, en}: how the form words each category it offers; a gap fails loudly at first use."""
    labels = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8")) or {}
    if list(labels) != list(PUBLIC_CATEGORIES) or any(
        not (labels[c] or {}).get(locale) for c in labels for locale in LOCALES
    ):
        raise ValueError(f"{LABELS_FILE.name}: every public category, in PUBLIC_CATEGORIES' order, in et and en")
    return {str(c): {locale: str(labels[c][locale]) for locale in LOCALES} for c in labels}
