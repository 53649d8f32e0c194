"""What recognition tells other services: a badge earned (the learning service keeps it for training exports)."""

from __future__ import annotations

import datetime as dt
import uuid

from .badges import BADGES

BADGE_EARNED = "badge.earned"
# The badges' Estonian names and descriptions, beside the English ones in badges.py.
ESTONIAN = {
    "first_recovered_customer": (
        "Esimene tagasi võidetud klient",
        "Klient, kelle kaebuse sa lahendasid, tuli tagasi, ostis uuesti või soovitab meid.",
    ),
    "ten_praises": ("Kümme kiitust", "Kümme klienti kiitis sind."),
    "fast_acknowledger": ("Kiire vastaja", "Kümme kaebust kinnitatud vastamise tähtaja sees."),
    "value_praise": ("Elame oma väärtusi", "Kliendi kiitus nimetas üht ettevõtte väärtust."),
}


def badge_earned_payloads(*, employee_id: uuid.UUID, keys: list[str], at: dt.datetime) -> list[dict]:
    """One event payload per newly earned badge, with its name and description in both languages."""
    payloads = []
    for key in keys:
        spec = BADGES[key]
        title_et, description_et = ESTONIAN.get(key, (spec.title, spec.description))
        payloads.append(
            {
                "employee_id": str(employee_id),
                "badge": key,
                "name": {"et": title_et, "en": spec.title},
                "description": {"et": description_et, "en": spec.description},
                "earned_at": at.isoformat(),
            }
        )
    return payloads
