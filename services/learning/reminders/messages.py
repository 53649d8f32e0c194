"""The reminder's words, in the employee's language (their `locale`, as the account mails pick it)."""

from __future__ import annotations

from services.platform.mail import Message

_TEXT = {
    "et": {
        "title": "Tänane tund ootab",
        "body": "Sinu 15 minutit õppimist on veel tegemata. Kas leiad hetke?",
        "subject": "Meeldetuletus: tänane tund ootab",
        "mail": (
            "Tere, {name}!\n\nSinu tänane 15-minutiline tund on veel tegemata. Selle leiad siit:\n\n{url}\n\n"
            "Meeldetuletuse kellaaja saad muuta või selle välja lülitada rakenduse seadetes."
        ),
    },
    "en": {
        "title": "Today's lesson is waiting",
        "body": "Your 15 minutes of learning are still open. Got a moment?",
        "subject": "Reminder: today's lesson is waiting",
        "mail": (
            "Hello {name},\n\nYour 15-minute lesson for today is still open. You'll find it here:\n\n{url}\n\n"
            "You can change the reminder's time, or turn it off, in the app's settings."
        ),
    },
}


def _text(locale: str) -> dict[str, str]:
    return _TEXT.get(locale, _TEXT["en"])


def push_payload(*, locale: str, url: str) -> dict:
    """What the service worker shows: {title, body, url}."""
    text = _text(locale)
    return {"title": text["title"], "body": text["body"], "url": url}


def mail(*, to: str, name: str, locale: str, url: str) -> Message:
    text = _text(locale)
    return Message(to=to, subject=text["subject"], text=text["mail"].format(name=name, url=url))
