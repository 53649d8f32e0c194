"""The local mail catcher: a real SMTP server that keeps every message it receives, and a page to read them.

`make run` starts it when no SMTP server is configured (`python -m services.platform.mailcatcher`), so
invitations, password resets and customer surveys can be followed on a machine with no mail set up. Tests
start one in-process and read the messages (and the links in them) from `Mailbox`.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import html
import json
import pathlib
import re
import threading
import time
from dataclasses import asdict, dataclass, field

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class CaughtMail:
    number: int
    to: list[str]
    sender: str
    subject: str
    text: str
    received_at: float

    @property
    def links(self) -> list[str]:
        return LINK.findall(self.text)


@dataclass
class Mailbox:
    """Every message received, in order; optionally also written as JSON files under `folder`."""

    folder: pathlib.Path | None = None
    messages: list[CaughtMail] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, *, sender: str, recipients: list[str], raw: bytes) -> CaughtMail:
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain", "html"))
        with self._lock:
            mail = CaughtMail(
                number=len(self.messages) + 1,
                to=list(recipients),
                sender=sender,
                subject=str(parsed.get("Subject", "")),
                text=body.get_content() if body is not None else "",
                received_at=time.time(),
            )
            self.messages.append(mail)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{mail.number:06d}.json").write_text(json.dumps(asdict(mail), ensure_ascii=False))
        return mail

    def to(self, address: str) -> list[CaughtMail]:
        return [m for m in list(self.messages) if address.lower() in (r.lower() for r in m.to)]

    async def wait_for(self, address: str, *, count: int = 1, timeout: float = 10.0) -> list[CaughtMail]:
        """The messages to `address` once at least `count` have arrived (AssertionError after `timeout`)."""
        deadline = time.monotonic() + timeout
        while len(found := self.to(address)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} message(s) to {address}, got {len(found)}")
            await asyncio.sleep(0.02)
        return found

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()


class _Handler:
    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        self.mailbox.add(sender=envelope.mail_from, recipients=envelope.rcpt_tos, raw=envelope.original_content)
        return "250 Message accepted for delivery"


def start_smtp(mailbox: Mailbox, *, host: str = "127.0.0.1", port: int) -> Controller:
    """Start the SMTP side in a thread of its own; `.stop()` stops it."""
    controller = Controller(_Handler(mailbox), hostname=host, port=port)
    controller.start()
    return controller


def render_index(mailbox: Mailbox) -> str:
    rows = "".join(
        f"<li><a href='/messages/{m.number}'>{html.escape(m.subject)}</a> to {html.escape(', '.join(m.to))}</li>"
        for m in reversed(mailbox.messages)
    )
    return (
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>Serviceloop mail catcher</title>"
        "<h1>Mail caught on this machine</h1><p>Nothing here left the machine.</p>"
        f"<ol reversed>{rows or '<li>No mail yet.</li>'}</ol></html>"
    )


def render_message(mail: CaughtMail) -> str:
    text = html.escape(mail.text)
    for link in sorted(set(mail.links), key=len, reverse=True):
        escaped = html.escape(link)
        text = text.replace(escaped, f"<a href='{escaped}'>{escaped}</a>")
    return (
        "<!doctype html><html lang='en'><meta charset='utf-8'>"
        f"<title>{html.escape(mail.subject)}</title><h1>{html.escape(mail.subject)}</h1>"
        f"<p>To: {html.escape(', '.join(mail.to))}</p><pre>{text}</pre><p><a href='/'>All mail</a></p></html>"
    )


def web_app(mailbox: Mailbox):
    """A small Litestar app: `/` lists the mail, `/messages/<n>` shows one, `/messages.json` for scripts."""
    from litestar import Litestar, MediaType, get
    from litestar.exceptions import NotFoundException

    @get("/", media_type=MediaType.HTML, sync_to_thread=False)
    def index() -> str:
        return render_index(mailbox)

    @get("/messages.json", sync_to_thread=False)
    def as_json() -> list[dict]:
        return [{**asdict(m), "links": m.links} for m in mailbox.messages]

    @get("/messages/{number:int}", media_type=MediaType.HTML, sync_to_thread=False)
    def one(number: int) -> str:
        if not 1 <= number <= len(mailbox.messages):
            raise NotFoundException()
        return render_message(mailbox.messages[number - 1])

    return Litestar(route_handlers=[index, as_json, one])


def main() -> None:
    """Entry point of `python -m services.platform.mailcatcher` (what `make run` starts)."""
    import uvicorn

    from .settings import get_settings

    settings = get_settings()
    mailbox = Mailbox(folder=settings.data_dir / "mail")
    for stored in sorted(mailbox.folder.glob("*.json")) if mailbox.folder.exists() else []:
        mailbox.messages.append(CaughtMail(**json.loads(stored.read_text())))
    controller = start_smtp(mailbox, host=settings.host, port=settings.mail_catcher_smtp_port)
    try:
        uvicorn.run(web_app(mailbox), host=settings.host, port=settings.mail_catcher_web_port, log_level="warning")
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
