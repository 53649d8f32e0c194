"""Daily reminders, observed from outside: an employee turns the reminder on and registers a browser through GraphQL,
the learning worker's cron job runs at a clock time, and a real HTTP server playing the push service receives the
request; the test decrypts it with the browser's own keys and checks the VAPID signature against vapidPublicKey.
E-mail falls back through the real mail catcher."""

from __future__ import annotations

import asyncio
import datetime as dt
import http.server
import json
import os
import threading
import uuid
from dataclasses import dataclass, field

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid.jwt import decode as decode_vapid_jwt

from services.learning.reminders import jobs, service, vapid
from services.learning.reminders.push import b64url_decode
from services.platform.errors import ValidationFailed
from services.platform.settings import get_settings

from .learning_steps import TALLINN, do_lesson, local, utc
from .support import given_org, new_id, production_settings, token_for

REMINDER = "{ me { reminder { enabled localTime channels pushDevices lastSentOn } } }"
SET = (
    "mutation($i: SetDailyReminderInput!) { setDailyReminder(input: $i) "
    "{ reminder { enabled localTime channels pushDevices lastSentOn } } }"
)
REGISTER = (
    "mutation($i: RegisterPushSubscriptionInput!) { registerPushSubscription(input: $i) "
    "{ reminder { enabled channels pushDevices } } }"
)
REMOVE = (
    "mutation($i: RemovePushSubscriptionInput!) { removePushSubscription(input: $i) "
    "{ removed reminder { pushDevices channels } } }"
)
KEY = "{ vapidPublicKey }"
SET_WORK_DAYS = "mutation($i: SetMyWorkDaysInput!) { setMyWorkDays(input: $i) { effectiveFrom } }"
OTHERS_REMINDER = "query($id: ID!) { employee(id: $id) { name reminder { enabled } } }"


def b64url(data: bytes) -> str:
    return vapid.b64url(data)


# ---------------------------------------------------------------- a push service and a browser


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class PushService:
    """A local push service: records every POST; answers 201, or the status set for a path."""

    url: str
    server: http.server.ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    def to(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]


@pytest.fixture
def push_service():
    received: list[Received] = []
    statuses: dict[str, int] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            received.append(Received(path=self.path, headers=headers, body=body))
            self.send_response(statuses.get(self.path, 201))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield PushService(url=f"http://127.0.0.1:{server.server_address[1]}", server=server, received=received,
                      statuses=statuses)
    server.shutdown()
    server.server_close()


@dataclass
class Browser:
    """One browser's push subscription: its endpoint and the keys only it holds."""

    endpoint: str
    key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def path(self) -> str:
        return "/" + self.endpoint.split("/", 3)[3]

    @property
    def p256dh(self) -> str:
        return b64url(self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                         serialization.PublicFormat.UncompressedPoint))

    def as_input(self) -> dict:
        return {"endpoint": self.endpoint, "p256dh": self.p256dh, "auth": b64url(self.auth),
                "clientMutationId": new_id()}

    def decrypt(self, received: Received) -> dict:
        plain = http_ece.decrypt(received.body, private_key=self.key, auth_secret=self.auth, version="aes128gcm")
        return json.loads(plain)


def browser(push_service: PushService, name: str | None = None) -> Browser:
    return Browser(endpoint=f"{push_service.url}/push/{name or uuid.uuid4().hex}",
                   key=ec.generate_private_key(ec.SECP256R1()), auth=os.urandom(16))


async def turn_on(api, token: str, at: str = "12:00") -> dict:
    return (await api.ok(SET, {"i": {"enabled": True, "localTime": at, "clientMutationId": new_id()}},
                         token=token))["setDailyReminder"]["reminder"]


async def register(api, token: str, device: Browser) -> dict:
    return (await api.ok(REGISTER, {"i": device.as_input()}, token=token))["registerPushSubscription"]["reminder"]


async def run_reminders(clock) -> dict:
    """One run of the learning worker's reminder cron job at the clock's time."""
    return await jobs.daily_reminders({"clock": clock, "settings": get_settings()})


@pytest.fixture
async def people(storage, client):
    return await given_org()


# ---------------------------------------------------------------- the push request


async def test_a_push_reminder_is_encrypted_for_the_browser_and_signed_with_our_vapid_key(
    api, people, clock, push_service, mailbox
):
    # given Anu (Tallinn, Estonian) with the reminder at 12:00 and one browser registered
    anu = token_for(people["A1"])
    device = browser(push_service)
    reminder = await turn_on(api, anu, "12:00")
    assert reminder == {"enabled": True, "localTime": "12:00", "channels": ["EMAIL"], "pushDevices": 0,
                        "lastSentOn": None}
    assert await register(api, anu, device) == {"enabled": True, "channels": ["PUSH"], "pushDevices": 1}
    # when the job runs at 11:55 in Tallinn: nothing yet
    clock.set(local(TALLINN, 2026, 3, 10, 11, 55))
    assert (await run_reminders(clock))["push"] == 0
    assert push_service.received == []
    # when it runs at 12:00 in Tallinn
    clock.set(local(TALLINN, 2026, 3, 10, 12, 0))
    assert (await run_reminders(clock))["push"] == 1
    # then the push service got one request, in the aes128gcm coding, for today only
    [request] = push_service.to(device.path)
    assert request.headers["content-encoding"] == "aes128gcm"
    assert request.headers["content-type"] == "application/octet-stream"
    assert request.headers["urgency"] == "normal"
    assert 0 < int(request.headers["ttl"]) <= 12 * 3600  # until midnight in Tallinn
    # and only the browser's keys open it: the payload in Anu's language, pointing at the staff app
    payload = device.decrypt(request)
    assert payload == {"title": "Tänane tund ootab", "body": payload["body"], "url": f"{get_settings().staff_app_url}/"}
    assert "15 minutit" in payload["body"]
    # and the VAPID token is signed by the key the app gives browsers, for this push service, for a while only
    scheme, credentials = request.headers["authorization"].split(" ", 1)
    parts = dict(part.strip().split("=", 1) for part in credentials.split(","))
    assert scheme == "vapid"
    public_key = (await api.ok(KEY, token=anu))["vapidPublicKey"]
    assert parts["k"] == public_key
    claims = decode_vapid_jwt(parts["t"], public_key)  # raises InvalidSignature unless signed by that key
    assert claims["aud"] == push_service.url
    assert claims["sub"].startswith("mailto:")
    assert clock.now().timestamp() < claims["exp"] <= clock.now().timestamp() + 24 * 3600
    # and the key is a P-256 point, as browsers take it
    assert len(b64url_decode(public_key)) == 65 and b64url_decode(public_key)[0] == 4
    # and no e-mail went out, and Anu sees the day's reminder as sent
    assert mailbox.to("a1@test.ee") == []
    assert (await api.ok(REMINDER, token=anu))["me"]["reminder"]["lastSentOn"] == "2026-03-10"


async def test_at_most_one_a_day_however_often_the_job_runs_and_again_the_next_day(api, people, clock, push_service):
    # given Anu with the reminder at 09:00 and two browsers (phone and laptop)
    anu = token_for(people["A1"])
    phone, laptop = browser(push_service), browser(push_service)
    await turn_on(api, anu, "09:00")
    await register(api, anu, phone)
    await register(api, anu, laptop)
    # when the job runs at 09:00, again at 09:05, and twice at once at 09:10
    for minute in (0, 5):
        clock.set(local(TALLINN, 2026, 3, 10, 9, minute))
        await run_reminders(clock)
    clock.set(local(TALLINN, 2026, 3, 10, 9, 10))
    await asyncio.gather(run_reminders(clock), run_reminders(clock))
    # then each browser got one push that day
    assert len(push_service.to(phone.path)) == 1 and len(push_service.to(laptop.path)) == 1
    # when the next day comes: one more each, and two runs at the same instant still send it once
    clock.set(local(TALLINN, 2026, 3, 11, 9, 0))
    results = await asyncio.gather(run_reminders(clock), run_reminders(clock))
    assert sorted(r["push"] for r in results) == [0, 1]
    assert len(push_service.to(phone.path)) == 2 and len(push_service.to(laptop.path)) == 2


async def test_no_reminder_once_the_days_lesson_is_done(api, people, clock, push_service):
    # given Anu with the reminder at 12:00, who did today's lesson at 10:30
    anu = token_for(people["A1"])
    device = browser(push_service)
    await turn_on(api, anu, "12:00")
    await register(api, anu, device)
    clock.set(local(TALLINN, 2026, 3, 10, 10, 30))
    await do_lesson(api, anu)
    # when the job runs at 12:00: no reminder
    clock.set(local(TALLINN, 2026, 3, 10, 12, 0))
    assert await run_reminders(clock) == {"push": 0, "email": 0, "failed": 0, "devices_gone": 0}
    assert push_service.received == []
    # the next day, not done yet: the reminder comes
    clock.set(local(TALLINN, 2026, 3, 11, 12, 0))
    assert (await run_reminders(clock))["push"] == 1


async def test_each_employee_is_reminded_at_their_own_local_time_and_in_their_language(
    api, people, clock, push_service
):
    # given Anu in Tallinn (UTC+2 in March) and Andres in London (UTC), both choosing 09:00
    anu, andres = token_for(people["A1"]), token_for(people["A2"])
    anu_phone, andres_phone = browser(push_service), browser(push_service)
    for token, device in ((anu, anu_phone), (andres, andres_phone)):
        await turn_on(api, token, "09:00")
        await register(api, token, device)
    # when the job runs at 07:00 UTC: 09:00 in Tallinn, 07:00 in London
    clock.set(utc(2026, 3, 10, 7, 0))
    await run_reminders(clock)
    assert len(push_service.to(anu_phone.path)) == 1 and push_service.to(andres_phone.path) == []
    # when it runs at 09:00 UTC: Andres's turn, in English
    clock.set(utc(2026, 3, 10, 9, 0))
    await run_reminders(clock)
    [request] = push_service.to(andres_phone.path)
    assert andres_phone.decrypt(request)["title"] == "Today's lesson is waiting"
    assert len(push_service.to(anu_phone.path)) == 1


async def test_on_the_days_the_clocks_change_the_reminder_comes_once(api, people, clock, push_service):
    # given Anu, working every day, with her reminder at 03:30 in Tallinn, where 2026-03-29 skips 03:00-04:00 and
    # 2026-10-25 has 03:00-04:00 twice
    anu = token_for(people["A1"])
    device = browser(push_service)
    await api.ok(SET_WORK_DAYS, {"i": {"days": ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"],
                                       "clientMutationId": new_id()}}, token=anu)
    await turn_on(api, anu, "03:30")
    await register(api, anu, device)
    # when the job runs through the night of the spring change (every 5 minutes, 00:00-02:00 UTC)
    clock.set(utc(2026, 3, 29, 0, 0))
    for _ in range(24):
        await run_reminders(clock)
        clock.advance(minutes=5)
    # then it came once, at 04:00 local (01:00 UTC), the first time after the gap
    [spring] = push_service.to(device.path)
    assert sent_at(spring) == local(TALLINN, 2026, 3, 29, 4, 0) == utc(2026, 3, 29, 1, 0)
    # when the job runs through the night of the autumn change, when 03:30 comes twice (00:00-02:00 UTC)
    clock.set(utc(2026, 10, 25, 0, 0))
    for _ in range(24):
        await run_reminders(clock)
        clock.advance(minutes=5)
    # then once, at the first 03:30 (00:30 UTC), not again an hour later
    [_, autumn] = push_service.to(device.path)
    assert sent_at(autumn) == utc(2026, 10, 25, 0, 30)


def sent_at(received: Received) -> dt.datetime:
    """When the job signed a push: its VAPID token expires vapid.TOKEN_LIFETIME later."""
    token = received.headers["authorization"].split("t=", 1)[1].split(",", 1)[0]
    claims = json.loads(b64url_decode(token.split(".")[1]))
    return dt.datetime.fromtimestamp(claims["exp"], dt.timezone.utc) - vapid.TOKEN_LIFETIME


async def test_a_reminder_turned_on_long_after_its_time_waits_for_the_next_day(api, people, clock, push_service):
    # given Anu turning on a 09:00 reminder at 18:00
    anu = token_for(people["A1"])
    device = browser(push_service)
    clock.set(local(TALLINN, 2026, 3, 10, 18, 0))
    await turn_on(api, anu, "09:00")
    await register(api, anu, device)
    # when the job runs that evening: nothing stale is sent
    await run_reminders(clock)
    assert push_service.received == []
    # the next morning it is
    clock.set(local(TALLINN, 2026, 3, 11, 9, 5))
    await run_reminders(clock)
    assert len(push_service.to(device.path)) == 1


async def test_no_reminder_on_a_day_off_and_none_when_turned_off(api, people, clock, push_service):
    # given Anu with the reminder at 09:00, who stops working Wednesdays (from tomorrow, 2026-03-11)
    anu = token_for(people["A1"])
    device = browser(push_service)
    await turn_on(api, anu, "09:00")
    await register(api, anu, device)
    await api.ok(SET_WORK_DAYS, {"i": {"days": ["MON", "TUE", "THU", "FRI"], "clientMutationId": new_id()}},
                 token=anu)
    # when the job runs on Tuesday (still a working day), then on Wednesday (a day off)
    clock.set(local(TALLINN, 2026, 3, 10, 9, 0))
    await run_reminders(clock)
    clock.set(local(TALLINN, 2026, 3, 11, 9, 0))
    await run_reminders(clock)
    # then only Tuesday's came
    assert len(push_service.to(device.path)) == 1
    # when she turns it off (the time is kept): Thursday brings nothing
    off = (await api.ok(SET, {"i": {"enabled": False, "clientMutationId": new_id()}}, token=anu))["setDailyReminder"]
    assert off["reminder"]["enabled"] is False and off["reminder"]["localTime"] == "09:00"
    clock.set(local(TALLINN, 2026, 3, 12, 9, 0))
    await run_reminders(clock)
    assert len(push_service.to(device.path)) == 1


async def test_a_deactivated_employee_gets_no_reminder(api, people, clock, push_service, mailbox):
    # given Anu with the reminder on and a browser, then deactivated by the org-chart import
    from services.learning.directory import importer
    from services.platform.clock import SystemClock

    from .support import STANDARD_ORG, org_csv

    anu = token_for(people["A1"])
    device = browser(push_service)
    await turn_on(api, anu, "09:00")
    await register(api, anu, device)
    report = await importer.run_import(org_csv([r for r in STANDARD_ORG if r[0] != "A1"]), dry_run=False,
                                       deactivate_missing=True, now=SystemClock().now())
    assert not report.errors
    # when the job runs at 09:00: neither push nor mail
    clock.set(local(TALLINN, 2026, 3, 10, 9, 0))
    await run_reminders(clock)
    assert push_service.received == [] and mailbox.to("a1@test.ee") == []


# ---------------------------------------------------------------- gone browsers and the e-mail fallback


async def test_a_browser_the_push_service_calls_gone_is_forgotten_and_mail_takes_over(
    api, people, clock, push_service, mailbox
):
    # given Anu's two browsers, both unsubscribed at the push service (410 Gone, 404 Not Found)
    anu = token_for(people["A1"])
    gone, unknown = browser(push_service, "gone"), browser(push_service, "unknown")
    push_service.statuses.update({gone.path: 410, unknown.path: 404})
    await turn_on(api, anu, "09:00")
    await register(api, anu, gone)
    await register(api, anu, unknown)
    # when the job runs at 09:00
    clock.set(local(TALLINN, 2026, 3, 10, 9, 0))
    result = await run_reminders(clock)
    # then both were tried, both are forgotten, and the reminder came by e-mail, in Estonian, with the app's link
    assert result == {"push": 0, "email": 1, "failed": 0, "devices_gone": 2}
    assert len(push_service.to(gone.path)) == 1 and len(push_service.to(unknown.path)) == 1
    [mail] = await mailbox.wait_for("a1@test.ee")
    assert mail.subject == "Meeldetuletus: tänane tund ootab"
    assert f"{get_settings().staff_app_url}/" in mail.text
    reminder = (await api.ok(REMINDER, token=anu))["me"]["reminder"]
    assert reminder["pushDevices"] == 0 and reminder["channels"] == ["EMAIL"]


async def test_without_a_browser_the_reminder_comes_by_email_in_the_employees_language(api, people, clock, mailbox):
    # given Andres (London, English) with the reminder at 08:30 and no browser registered
    andres = token_for(people["A2"])
    await turn_on(api, andres, "08:30")
    # when the job runs at 08:30 in London, and again at 08:35
    clock.set(utc(2026, 3, 10, 8, 30))
    assert (await run_reminders(clock))["email"] == 1
    clock.set(utc(2026, 3, 10, 8, 35))
    assert (await run_reminders(clock))["email"] == 0
    # then one English mail
    [mail] = await mailbox.wait_for("a2@test.ee")
    assert mail.subject == "Reminder: today's lesson is waiting" and "Hello Andres Allik" in mail.text


async def test_a_push_service_that_fails_otherwise_keeps_the_browser_and_mail_covers_the_day(
    api, people, clock, push_service, mailbox
):
    # given Anu's browser at a push service that answers 500
    anu = token_for(people["A1"])
    device = browser(push_service, "broken")
    push_service.statuses[device.path] = 500
    await turn_on(api, anu, "09:00")
    await register(api, anu, device)
    # when the job runs: the mail covers the day, and the browser stays registered for tomorrow
    clock.set(local(TALLINN, 2026, 3, 10, 9, 0))
    assert (await run_reminders(clock))["email"] == 1
    assert len(await mailbox.wait_for("a1@test.ee")) == 1
    assert (await api.ok(REMINDER, token=anu))["me"]["reminder"]["pushDevices"] == 1


# ---------------------------------------------------------------- devices


async def test_the_same_browser_registered_again_is_updated_and_one_moves_to_whoever_registers_it(
    api, people, clock, push_service
):
    # given Anu's browser, registered twice (the second time with new keys, as after a key rotation)
    anu, andres = token_for(people["A1"]), token_for(people["A2"])
    device = browser(push_service, "shared")
    await turn_on(api, anu, "09:00")
    await register(api, anu, device)
    rotated = Browser(endpoint=device.endpoint, key=ec.generate_private_key(ec.SECP256R1()), auth=os.urandom(16))
    assert (await register(api, anu, rotated))["pushDevices"] == 1
    # when Andres signs in on that browser and registers it
    await turn_on(api, andres, "09:00")
    assert (await register(api, andres, rotated))["pushDevices"] == 1
    # then it is his alone: Anu's reminder falls back to e-mail, his push opens with the newest keys
    assert (await api.ok(REMINDER, token=anu))["me"]["reminder"]["pushDevices"] == 0
    clock.set(utc(2026, 3, 10, 9, 0))  # 09:00 in London, 11:00 in Tallinn
    await run_reminders(clock)
    [request] = push_service.to(device.path)
    assert rotated.decrypt(request)["title"] == "Today's lesson is waiting"


async def test_removing_a_browser_stops_its_pushes(api, people, clock, push_service, mailbox):
    anu = token_for(people["A1"])
    device = browser(push_service)
    await turn_on(api, anu, "09:00")
    await register(api, anu, device)
    # when Anu removes it (twice, with the same clientMutationId: a retry)
    variables = {"i": {"endpoint": device.endpoint, "clientMutationId": new_id()}}
    first = (await api.ok(REMOVE, variables, token=anu))["removePushSubscription"]
    again = (await api.ok(REMOVE, variables, token=anu))["removePushSubscription"]
    assert first == again == {"removed": True, "reminder": {"pushDevices": 0, "channels": ["EMAIL"]}}
    # then the job mails her instead
    clock.set(local(TALLINN, 2026, 3, 10, 9, 0))
    await run_reminders(clock)
    assert push_service.received == [] and len(await mailbox.wait_for("a1@test.ee")) == 1


async def test_an_employee_keeps_at_most_ten_browsers_the_newest_ones(api, people, clock, push_service):
    # given Anu registering twelve browsers, one a minute
    anu = token_for(people["A1"])
    await turn_on(api, anu, "09:00")
    devices = [browser(push_service) for _ in range(service.MAX_DEVICES + 2)]
    for device in devices:
        reminder = await register(api, anu, device)
        clock.advance(minutes=1)
    # then ten are kept: the newest; the reminder goes to those
    assert reminder["pushDevices"] == service.MAX_DEVICES
    clock.set(local(TALLINN, 2026, 3, 11, 9, 0))
    await run_reminders(clock)
    assert [len(push_service.to(d.path)) for d in devices] == [0, 0] + [1] * service.MAX_DEVICES
    # and one registered at the same instant as the others is kept too (it is the one just registered)
    latest = browser(push_service)
    assert (await register(api, anu, latest))["pushDevices"] == service.MAX_DEVICES
    clock.set(local(TALLINN, 2026, 3, 12, 9, 0))
    await run_reminders(clock)
    assert len(push_service.to(latest.path)) == 1


# ---------------------------------------------------------------- authorization and abuse


async def test_nobody_but_the_employee_herself_sees_her_reminder(api, people):
    # given Anu's reminder; her shift lead, HR and the admin may see her progress, but not this
    await turn_on(api, token_for(people["A1"]), "09:00")
    for viewer in ("LA", "HR1", "CEO", "A2"):
        error = await api.error(OTHERS_REMINDER, {"id": str(people["A1"]["id"])}, token=token_for(people[viewer]))
        assert error["extensions"]["code"] == "FORBIDDEN", viewer
    # and without signing in nothing is shown, the VAPID key neither
    assert await api.code(REMINDER) == "UNAUTHENTICATED"
    assert await api.code(KEY) == "UNAUTHENTICATED"
    # she sees her own, through employee(id) too
    mine = await api.ok(OTHERS_REMINDER, {"id": str(people["A1"]["id"])}, token=token_for(people["A1"]))
    assert mine["employee"]["reminder"]["enabled"] is True
    # and her shift lead listing the team still sees the people, without their reminders
    body = await api.call("{ employees(first: 20) { items { hrId reminder { localTime } } } }",
                          token=token_for(people["LA"]))
    shown = {item["hrId"]: item["reminder"] for item in body["data"]["employees"]["items"]}
    assert shown == {"A1": None, "A2": None}
    assert {error["extensions"]["code"] for error in body["errors"]} == {"FORBIDDEN"}


async def test_one_employee_cannot_remove_or_change_anothers_browser_or_reminder(api, people, clock, push_service):
    # given Anu's reminder and browser
    anu, andres = token_for(people["A1"]), token_for(people["A2"])
    device = browser(push_service)
    await turn_on(api, anu, "12:00")
    await register(api, anu, device)
    # when Andres tries to remove her browser: nothing is removed (and nothing says whose it is)
    removed = await api.ok(REMOVE, {"i": {"endpoint": device.endpoint, "clientMutationId": new_id()}}, token=andres)
    assert removed["removePushSubscription"]["removed"] is False
    # and his setDailyReminder changes his own reminder only (the input names no employee)
    await turn_on(api, andres, "07:00")
    assert (await api.ok(REMINDER, token=anu))["me"]["reminder"]["localTime"] == "12:00"
    assert (await api.ok(REMINDER, token=anu))["me"]["reminder"]["pushDevices"] == 1
    # and replaying Anu's clientMutationId under his name is his own request, not hers
    cmid = new_id()
    await api.ok(SET, {"i": {"enabled": True, "localTime": "08:00", "clientMutationId": cmid}}, token=anu)
    await api.ok(SET, {"i": {"enabled": False, "localTime": "08:00", "clientMutationId": cmid}}, token=andres)
    assert (await api.ok(REMINDER, token=anu))["me"]["reminder"] == {
        "enabled": True, "localTime": "08:00", "channels": ["PUSH"], "pushDevices": 1, "lastSentOn": None}


async def test_a_retry_replays_and_a_reused_id_for_another_request_is_refused(api, people):
    anu = token_for(people["A1"])
    variables = {"i": {"enabled": True, "localTime": "09:15", "clientMutationId": new_id()}}
    first = await api.ok(SET, variables, token=anu)
    assert await api.ok(SET, variables, token=anu) == first
    changed = {"i": {**variables["i"], "localTime": "10:15"}}
    assert await api.code(SET, changed, token=anu) == "IDEMPOTENCY_KEY_REUSED"


@pytest.mark.parametrize("bad", ["25:00", "9:30", "09:60", "noon", "", "09:30:00", "０９:３０"])
async def test_a_time_that_is_not_hh_mm_is_refused(api, people, bad):
    code = await api.code(SET, {"i": {"enabled": True, "localTime": bad, "clientMutationId": new_id()}},
                          token=token_for(people["A1"]))
    assert code == "INVALID_REMINDER_TIME"


async def test_turning_it_on_the_first_time_needs_a_time(api, people):
    anu = token_for(people["A1"])
    without_time = {"i": {"enabled": True, "clientMutationId": new_id()}}
    assert await api.code(SET, without_time, token=anu) == "REMINDER_TIME_REQUIRED"
    assert await api.code(SET, {"i": {"enabled": True, "localTime": "09:00", "clientMutationId": "x"}},
                          token=anu) == "INVALID_CLIENT_MUTATION_ID"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"endpoint": "http://push.example.com/abc"}, "INVALID_PUSH_ENDPOINT"),
        ({"endpoint": "ftp://push.example.com/abc"}, "INVALID_PUSH_ENDPOINT"),
        ({"endpoint": "https://user:pw@push.example.com/abc"}, "INVALID_PUSH_ENDPOINT"),
        ({"endpoint": "https:///nohost"}, "INVALID_PUSH_ENDPOINT"),
        ({"endpoint": "https://push.example.com/" + "a" * 2100}, "INVALID_PUSH_ENDPOINT"),
        ({"endpoint": "https://push.example.com/a\x00b"}, "INVALID_CHARACTERS"),  # the platform refuses it first
        ({"p256dh": b64url(b"\x04" + b"\x01" * 64)}, "INVALID_PUSH_KEY"),  # not on the curve
        ({"p256dh": b64url(os.urandom(33))}, "INVALID_PUSH_KEY"),
        ({"p256dh": "not base64 !"}, "INVALID_PUSH_KEY"),
        ({"auth": b64url(os.urandom(8))}, "INVALID_PUSH_AUTH"),
        ({"auth": "***"}, "INVALID_PUSH_AUTH"),
    ],
)
async def test_a_subscription_that_is_not_one_is_refused(api, people, push_service, change, code):
    given = {**browser(push_service).as_input(), **change}
    assert await api.code(REGISTER, {"i": given}, token=token_for(people["A1"])) == code


def test_production_takes_push_services_by_name_over_https_only():
    settings = production_settings(gateway_secret="g" * 40)
    for endpoint in ("http://127.0.0.1:9000/push", "https://127.0.0.1/push", "https://[::1]/push",
                     "https://localhost/push", "https://10.0.0.7/push"):
        with pytest.raises(ValidationFailed):
            service.check_endpoint(endpoint, settings=settings)
    assert service.check_endpoint("https://fcm.googleapis.com/fcm/send/x", settings=settings)


def test_the_learning_worker_runs_the_reminders_under_a_cron_id_of_its_own():
    from services.learning import worker

    from services.feedback import worker as feedback_worker

    names = [job.name for job in worker.options("redis://127.0.0.1:1/0", get_settings())["cron_jobs"]]
    assert names.count("daily_reminders_cron:learning") == 1
    others = [job.name for job in feedback_worker.options("redis://127.0.0.1:1/0", get_settings())["cron_jobs"]]
    assert not [name for name in others if name.startswith("daily_reminders_cron")]


def test_outside_production_a_vapid_key_is_made_once_under_the_data_dir(tmp_path):
    from services.platform.settings import Settings

    settings = Settings(env="development", data_dir=tmp_path)
    first = vapid.application_server_key(settings)
    assert (tmp_path / vapid.DEV_KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert vapid.application_server_key(settings) == first
    assert len(b64url_decode(first)) == 65


def test_a_bad_time_is_refused_before_anything_is_written():
    with pytest.raises(ValidationFailed):
        service.parse_local_time("24:00")
    assert service.parse_local_time(" 07:05 ") == dt.time(7, 5)


# ---------------------------------------------------------------- cost


async def test_a_batch_costs_the_same_statements_for_two_people_or_five(api, people, clock, push_service):
    # given five people in Tallinn with a browser each: two choose 09:00, three 09:30
    from services.learning.reminders import delivery

    from .support import count_statements

    tallinn = ["CEO", "MA", "LA", "A1", "MB"]
    for hr_id in tallinn:
        token = token_for(people[hr_id])
        await turn_on(api, token, "09:00")
        await register(api, token, browser(push_service))
    clock.set(local(TALLINN, 2026, 3, 10, 9, 0))
    # when two are due at 09:00 (in one batch of 500), and the next day at 09:30 all five
    for hr_id in tallinn[2:]:
        await api.ok(SET, {"i": {"enabled": True, "localTime": "09:30", "clientMutationId": new_id()}},
                     token=token_for(people[hr_id]))
    async with count_statements() as two:
        assert (await delivery.send_due(now=clock.now(), settings=get_settings()))["push"] == 2
    clock.set(local(TALLINN, 2026, 3, 11, 9, 30))
    async with count_statements() as five:
        assert (await delivery.send_due(now=clock.now(), settings=get_settings()))["push"] == 5
    # then the same statements: the page, the day's facts, the claim, the devices, the gone ones (none: no
    # statement), the channels
    assert len(two) == len(five) == 5, "\n".join(five)
    # and in batches of two, each batch costs the same (three batches of at most two people, and the empty end)
    clock.set(local(TALLINN, 2026, 3, 12, 9, 30))
    async with count_statements() as batched:
        assert (await delivery.send_due(now=clock.now(), settings=get_settings(), batch_size=2))["push"] == 5
    assert len(batched) == 3 * 5, "\n".join(batched)
