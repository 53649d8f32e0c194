"""Turning a complaint's text into a situation fit for a practice scenario: no customer, no employee, no numbers
that lead back to either."""

from __future__ import annotations

import re
from collections.abc import Iterable

CUSTOMER, EMPLOYEE, EMAIL, PHONE, NUMBER = "[customer]", "[employee]", "[e-mail]", "[phone]", "[number]"
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Digits with separators: a phone number (or a date written with spaces, which is no loss here).
PHONE_PATTERN = re.compile(r"\+?\d[\d \-()/.]{5,}\d")
# Order, card and account numbers: any run of five digits or more.
DIGIT_RUN = re.compile(r"\d{5,}")
MIN_PHONE_DIGITS = 7
MIN_NAME_PART = 2
# Letters and short words only Estonian text has: enough to tell the two languages a complaint comes in apart.
ESTONIAN_LETTERS = re.compile(r"[õäöüšž]", re.IGNORECASE)
ESTONIAN_WORDS = frozenset({"ja", "ei", "et", "mu", "sest", "mind", "mulle", "oli", "ning", "aga", "kas", "väga"})


def _name_parts(names: Iterable[str | None]) -> list[str]:
    """Every first and last name, longest first so "Anu-Liis" goes before "Anu"."""
    parts = {p for n in names if n for p in re.split(r"[\s,]+", n.strip()) if len(p) >= MIN_NAME_PART}
    return sorted(parts, key=lambda p: (-len(p), p))


def _names(text: str, names: Iterable[str | None], placeholder: str) -> str:
    parts = _name_parts(names)
    if not parts:
        return text
    # A name as the start of a word: Estonian inflects names ("Anule", "Anut"); better to take a word too many.
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in parts) + r")\w*", re.IGNORECASE)
    return pattern.sub(placeholder, text)


def _phone(match: re.Match) -> str:
    found = match.group()
    if found.isdigit():
        return found  # one unbroken run: a number (DIGIT_RUN), not a phone
    return PHONE if sum(c.isdigit() for c in found) >= MIN_PHONE_DIGITS else found


def anonymise(text: str, *, customer: dict | None, employee_names: Iterable[str]) -> str:
    """The text with the customer's name, e-mail and phone, every employee's name, e-mail addresses, phone numbers
    and long digit runs replaced by placeholders."""
    result = text
    if customer:
        for value, placeholder in ((customer.get("email"), EMAIL), (customer.get("phone"), PHONE)):
            if value:
                result = re.sub(re.escape(value), placeholder, result, flags=re.IGNORECASE)
    result = EMAIL_PATTERN.sub(EMAIL, result)
    result = PHONE_PATTERN.sub(_phone, result)
    result = DIGIT_RUN.sub(NUMBER, result)
    result = _names(result, [customer.get("name")] if customer else [], CUSTOMER)
    return _names(result, employee_names, EMPLOYEE)


def language_of(text: str) -> str:
    """"et" or "en": Estonian when the text has an Estonian letter or two of its commonest words, else English."""
    if ESTONIAN_LETTERS.search(text):
        return "et"
    words = re.findall(r"\w+", text.lower())
    return "et" if sum(w in ESTONIAN_WORDS for w in words) >= 2 else "en"
