"""The account mails (invitation, password reset) in the employee's language."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from services.platform.mail import Message

_TEXT = {
    "et": {
        "invitation_subject": "Kutse Serviceloopi",
        "invitation": (
            "Tere, {name}!\n\nSind on kutsutud Serviceloopi, kus on iga päev sinu 15-minutiline tund.\n"
            "Ava see link ja vali endale parool:\n\n{link}\n\n"
            "Link kehtib kuni {until} ja ainult ühe korra. Kui sa kutset ei oodanud, jäta see kiri tähelepanuta."
        ),
        "reset_subject": "Serviceloopi parooli lähtestamine",
        "reset": (
            "Tere, {name}!\n\nKeegi (loodetavasti sina) palus Serviceloopi parooli lähtestada.\n"
            "Uue parooli saad valida siin:\n\n{link}\n\n"
            "Link kehtib {minutes} minutit ja ainult ühe korra. Kui sa seda ei palunud, jäta kiri tähelepanuta: "
            "sinu parool jääb samaks."
        ),
    },
    "en": {
        "invitation_subject": "Your invitation to Serviceloop",
        "invitation": (
            "Hello {name},\n\nYou have been invited to Serviceloop, where your 15-minute lesson waits every day.\n"
            "Open this link and choose your password:\n\n{link}\n\n"
            "The link works once, until {until}. If you did not expect this, you can ignore this message."
        ),
        "reset_subject": "Resetting your Serviceloop password",
        "reset": (
            "Hello {name},\n\nSomeone (hopefully you) asked to reset your Serviceloop password.\n"
            "Choose a new one here:\n\n{link}\n\n"
            "The link works once, for {minutes} minutes. If you did not ask for it, ignore this message: "
            "your password stays as it is."
        ),
    },
}


def _text(locale: str) -> dict[str, str]:
    return _TEXT.get(locale, _TEXT["en"])


def invitation(*, to: str, name: str, locale: str, time_zone: str, link: str, expires_at: dt.datetime) -> Message:
    until = expires_at.astimezone(ZoneInfo(time_zone)).strftime("%d.%m.%Y %H:%M")
    text = _text(locale)
    body = text["invitation"].format(name=name, link=link, until=until)
    return Message(to=to, subject=text["invitation_subject"], text=body)


def password_reset(*, to: str, name: str, locale: str, link: str, minutes: int) -> Message:
    text = _text(locale)
    body = text["reset"].format(name=name, link=link, minutes=minutes)
    return Message(to=to, subject=text["reset_subject"], text=body)
