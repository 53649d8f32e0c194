"""Feedback reference numbers: what a customer reads on the thank-you page and quotes to staff.

Random, not the sequence of items (a reference tells nobody how much feedback came in), in letters and digits
that cannot be mistaken for one another when read aloud or typed from a phone (no 0/O, 1/I/L)."""

from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8  # 31**8: about 850 billion, so guessing one that exists is hopeless at the public form's rate limit
PATTERN = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_reference() -> str:
    """A fresh reference like K7QM-4XPD."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{chars[:4]}-{chars[4:]}"


def normalise(text: str) -> str | None:
    """A reference as someone typed or read it (any case, spaces, with or without the dash) in stored form;
    None when it cannot be one."""
    chars = re.sub(r"[\s-]", "", text or "").upper()
    candidate = f"{chars[:4]}-{chars[4:]}"
    return candidate if len(chars) == LENGTH and PATTERN.match(candidate) else None
