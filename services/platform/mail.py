"""Outgoing e-mail: through the configured SMTP server, or the local mail catcher when none is configured.

Mail is sent from worker jobs (outbox event handlers), never inside a request: a slow or failing mail server
must not fail the change that asked for the message, and the job's retries cover a server that is down.
Delivery is at least once: a message whose job is retried after the server accepted it may arrive twice.
"""

from __future__ import annotations

import asyncio
import email.message
import email.utils
import smtplib
import ssl
from dataclasses import dataclass

from .settings import Settings

SMTP_TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    text: str
    html: str | None = None


def smtp_address(settings: Settings) -> tuple[str, int]:
    """The SMTP server mail goes to: the configured one, or the local mail catcher."""
    if settings.smtp_host:
        return settings.smtp_host, settings.smtp_port
    return "127.0.0.1", settings.mail_catcher_smtp_port


def build(message: Message, *, settings: Settings) -> email.message.EmailMessage:
    mime = email.message.EmailMessage()
    mime["From"] = settings.mail_from
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime["Date"] = email.utils.formatdate(usegmt=True)
    mime["Message-ID"] = email.utils.make_msgid(domain="serviceloop.local")
    mime.set_content(message.text)
    if message.html:
        mime.add_alternative(message.html, subtype="html")
    return mime


def _send_blocking(mime: email.message.EmailMessage, *, settings: Settings) -> None:
    host, port = smtp_address(settings)
    with smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        # The local catcher speaks plain SMTP on loopback; a real server gets TLS when it offers it.
        if settings.smtp_host and settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_host and settings.smtp_username:
            password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
            smtp.login(settings.smtp_username, password)
        smtp.send_message(mime)


async def send(message: Message, *, settings: Settings) -> None:
    """Hand one message to the SMTP server (raises when it cannot be reached: the job retries)."""
    await asyncio.to_thread(_send_blocking, build(message, settings=settings), settings=settings)
