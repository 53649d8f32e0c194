"""Quiz items made from the organisation's own values: which behaviour shows value X?"""

from __future__ import annotations

import hashlib
import random

from ..lessons.content_model import Text
from ..lessons.items import Item

VALUE_ITEM_PREFIX = "value:"
# Used as wrong options when the organisation has too few values to draw distractors from.
FALLBACK_DISTRACTORS = (
    Text(et="Kliendi mure lükatakse järgmisele vahetusele", en="Leaving the customer's problem to the next shift"),
    Text(et="Vastatakse alles siis, kui klient uuesti küsib", en="Replying only when the customer asks again"),
    Text(et="Reeglit tsiteeritakse ja vestlus lõpetatakse", en="Quoting the rule and ending the conversation"),
)


def value_item_id(value_id) -> str:
    return f"{VALUE_ITEM_PREFIX}{value_id}"


def is_value_item(item_id: str) -> bool:
    return item_id.startswith(VALUE_ITEM_PREFIX)


def value_item(value: dict, all_values: list[dict], *, lesson_id: str) -> Item:
    """The item for one value; its options and their order are fixed by the values, not by the request."""
    item_id = value_item_id(value["id"])
    rng = random.Random(hashlib.sha256(item_id.encode()).digest())
    right = Text(et=value["behaviours"][0], en=value["behaviours"][0])
    others = [b for v in all_values if v["id"] != value["id"] for b in v["behaviours"]]
    wrong = [Text(et=b, en=b) for b in sorted(set(others))]
    rng.shuffle(wrong)
    wrong = (wrong + list(FALLBACK_DISTRACTORS))[:3]
    options = [right, *wrong]
    rng.shuffle(options)
    name = value["name"]
    return Item(
        id=item_id,
        lesson_id=lesson_id,
        kind="value",
        question=Text(
            et=f"Milline tegu näitab meie väärtust „{name}“?",
            en=f"Which action shows our value “{name}”?",
        ),
        options=tuple(options),
        correct=options.index(right),
        explanation=Text(et=f"„{name}“: {value['meaning']}", en=f"“{name}”: {value['meaning']}"),
    )


def pick_value_items(values: list[dict], *, lesson_id: str, seed: str, count: int) -> list[Item]:
    """`count` value items for one session, chosen the same way for the same seed."""
    if not values or count <= 0:
        return []
    chosen = sorted(values, key=lambda v: hashlib.sha256(f"{seed}:{v['id']}".encode()).hexdigest())[:count]
    return [value_item(v, values, lesson_id=lesson_id) for v in chosen]
