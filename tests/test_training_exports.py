"""Training exports: CSV and xAPI files written by the worker, scoped by role, audited, signed and expiring."""

from __future__ import annotations

import copy
import datetime as dt
import uuid

import pytest
import tincan

from services.learning.exports import service as export_service
from services.learning.exports.storage import ExportFiles
from services.learning.exports.xapi import statement_id

from .export_steps import (
    AUDIT,
    EXPORTS,
    START_EXPORT,
    csv_rows,
    download,
    export_input,
    finished_export,
    get_export,
    run_jobs,
    start_export,
    statements,
)
from .learning_steps import NEW_YORK, TALLINN, answer_all, catalogue, complete, count_rows, local, start, suitable_ids
from .support import given_org, new_id, token_for

LONDON = "Europe/London"
# Estonian letters, zones on both sides of a DST change, and cells a spreadsheet would run as formulas.
ORG = [
    ("CEO", "Kadri Kask", "ceo@test.ee", "Chief executive", "ceo", "", "et", TALLINN, "admin"),
    ("HR1", "Helen Hunt", "hr@test.ee", "HR lead", "hr", "CEO", "en", TALLINN, "hr"),
    ("MA", "Mart Mets", "ma@test.ee", "Store manager", "manager", "CEO", "et", TALLINN, "manager"),
    ("-7", "Õie Šõmer-Žürjä", "oie@test.ee", "=1+2", "cashier", "MA", "et", TALLINN, "employee"),
    ("A2", "Ülle Äär", "ylle@test.ee", "@Kassa", "cleaner", "MA", "en", LONDON, "employee"),
    ("MB", "Marko Mänd", "mb@test.ee", "Logistics manager", "manager", "CEO", "et", TALLINN, "manager"),
    ("B1", "Birgit Öösel", "b1@test.ee", "+Warehouse", "logistics", "MB", "et", NEW_YORK, "employee"),
]


async def session_at(
    api,
    clock,
    person: dict,
    lesson_id: str,
    *,
    started: dt.datetime,
    minutes: int,
    right: int | bool = True,
    finish: bool = True,
) -> dict:
    """A lesson session started at `started` and (unless not finished) completed `minutes` later."""
    clock.set(started)
    token = token_for(person)
    session = await start(api, token, lesson_id)
    await answer_all(api, token, session, right=right)
    if finish:
        clock.set(started + dt.timedelta(minutes=minutes))
        await complete(api, token, session["id"])
    return session


@pytest.fixture
async def records(api, clock):
    """Four sessions in March 2026: Tallinn before and after the EU DST change (29 March), London, New York
    (after the US change on 8 March), one left unfinished; and one in April (outside the range)."""
    people = await given_org(ORG)
    oie, ylle, birgit = people["-7"], people["A2"], people["B1"]
    first_oie = (await suitable_ids("cashier"))[0]
    first_ylle = (await suitable_ids("cleaner"))[0]
    first_birgit = (await suitable_ids("logistics"))[0]
    sessions = {
        "oie_before_dst": await session_at(
            api, clock, oie, first_oie, started=local(TALLINN, 2026, 3, 28, 10, 0), minutes=7
        ),
        "oie_after_dst": await session_at(
            api,
            clock,
            oie,
            (await suitable_ids("cashier"))[1],
            started=local(TALLINN, 2026, 3, 30, 9, 15),
            minutes=12,
            right=1,
        ),
        "ylle": await session_at(api, clock, ylle, first_ylle, started=local(LONDON, 2026, 3, 31, 23, 50), minutes=15),
        "birgit": await session_at(
            api, clock, birgit, first_birgit, started=local(NEW_YORK, 2026, 3, 12, 8, 0), minutes=5, finish=False
        ),
        "april": await session_at(
            api,
            clock,
            birgit,
            (await suitable_ids("logistics"))[1],
            started=local(NEW_YORK, 2026, 4, 2, 8, 0),
            minutes=5,
        ),
    }
    clock.set(local(TALLINN, 2026, 4, 5, 12, 0))
    return {
        "people": people,
        "sessions": sessions,
        "lessons": {"oie": first_oie, "ylle": first_ylle, "birgit": first_birgit},
    }


async def test_hr_csv_has_one_row_per_session_field_by_field(api, storage, clock, records):
    """Given sessions across zones and a DST change, when HR exports March as CSV, then each session is a row
    with local dates and offsets of its employee's zone, titles in their language, formulas neutralised."""
    hr = records["people"]["HR1"]
    done = await finished_export(api, token_for(hr), storage, clock, "CSV")

    assert done["status"] == "DONE" and done["error"] is None
    assert done["rowsDone"] == done["rowsTotal"] == 4
    assert done["expiresAt"] and done["downloadUrl"]
    rows = await csv_rows(api, done["downloadUrl"])
    assert list(rows[0]) == [
        "hr_id",
        "name",
        "email",
        "role_family",
        "job_title",
        "manager_hr_id",
        "lesson_id",
        "lesson_title",
        "topic",
        "local_date",
        "started_at",
        "completed_at",
        "minutes",
        "score",
        "items_right",
        "items",
        "passed",
        "xp",
    ]
    by_start = {r["started_at"]: r for r in rows}
    cat = await catalogue()
    before = by_start["2026-03-28T10:00:00+02:00"]
    lesson = cat.by_id[records["lessons"]["oie"]]
    items = len(cat.items_of[lesson.id])
    assert before == {
        "hr_id": "'-7",
        "name": "Õie Šõmer-Žürjä",
        "email": "oie@test.ee",
        "role_family": "cashier",
        "job_title": "'=1+2",
        "manager_hr_id": "MA",
        "lesson_id": lesson.id,
        "lesson_title": lesson.title.et,
        "topic": lesson.topic,
        "local_date": "2026-03-28",
        "started_at": "2026-03-28T10:00:00+02:00",
        "completed_at": "2026-03-28T10:07:00+02:00",
        "minutes": "7.0",
        "score": "1.00",
        "items_right": str(items),
        "items": str(items),
        "passed": "true",
        "xp": str(30 + 5 * items),
    }
    after = by_start["2026-03-30T09:15:00+03:00"]  # summer time in Tallinn from 29 March
    assert after["completed_at"] == "2026-03-30T09:27:00+03:00" and after["local_date"] == "2026-03-30"
    assert after["items_right"] == "1" and after["passed"] == "false"
    assert after["score"] == f"{1 / int(after['items']):.2f}"
    ylle = by_start["2026-03-31T23:50:00+01:00"]  # British summer time; completed on the next local day
    assert ylle["lesson_title"] == cat.by_id[records["lessons"]["ylle"]].title.en
    assert ylle["job_title"] == "'@Kassa" and ylle["name"] == "Ülle Äär"
    assert ylle["completed_at"] == "2026-04-01T00:05:00+01:00" and ylle["local_date"] == "2026-03-31"
    birgit = by_start["2026-03-12T08:00:00-04:00"]  # New York, after the US change on 8 March
    assert birgit["job_title"] == "'+Warehouse" and birgit["name"] == "Birgit Öösel"
    assert birgit["completed_at"] == "" and birgit["minutes"] == "" and birgit["passed"] == "" and birgit["score"] == ""
    assert all(not r["started_at"].startswith("2026-04-02") for r in rows)


async def test_csv_for_excel_starts_with_a_bom_and_topic_filters(api, storage, clock, records):
    """Given sessions, when HR asks for one topic with the Excel option, then the file starts with the UTF-8 BOM
    and holds only that topic's sessions."""
    hr = records["people"]["HR1"]
    topic = (await catalogue()).by_id[records["lessons"]["oie"]].topic
    done = await finished_export(api, token_for(hr), storage, clock, "CSV", excelBom=True, topic=topic.upper())
    body = (await download(api, done["downloadUrl"])).content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = await csv_rows(api, done["downloadUrl"])
    assert rows and {r["topic"] for r in rows} == {topic}
    assert done["filters"] == {
        "from": "2026-03-01",
        "to": "2026-04-01",
        "teamOf": None,
        "topic": topic.upper(),
        "excelBom": True,
    }


async def test_a_manager_exports_only_their_subtree(api, storage, clock, records):
    """Given two managers, when one exports without a team, then only their people are in it; asking for the
    other's team is FORBIDDEN and writes nothing; an employee cannot export at all."""
    people = records["people"]
    mb = token_for(people["MB"])
    done = await finished_export(api, mb, storage, clock, "CSV")
    rows = await csv_rows(api, done["downloadUrl"])
    assert {r["email"] for r in rows} == {"b1@test.ee"}

    before = await count_rows("training_export")
    assert await api.code(START_EXPORT, export_input(teamOf=str(people["MA"]["id"])), token=mb) == "FORBIDDEN"
    assert await api.code(START_EXPORT, export_input(teamOf=str(people["-7"]["id"])), token=mb) == "FORBIDDEN"
    assert await api.code(START_EXPORT, export_input(), token=token_for(people["A2"])) == "FORBIDDEN"
    assert await count_rows("training_export") == before

    ma_team = await finished_export(api, token_for(people["MA"]), storage, clock, "CSV", teamOf=str(people["A2"]["id"]))
    assert {r["email"] for r in await csv_rows(api, ma_team["downloadUrl"])} == {"ylle@test.ee"}
    # Another person's export is not theirs to read.
    assert await get_export(api, mb, ma_team["id"]) is None


async def test_bad_input_is_refused_with_codes_and_a_replay_returns_the_same_export(api, storage, clock, records):
    hr = token_for(records["people"]["HR1"])
    assert (
        await api.code(START_EXPORT, export_input(start="2026-04-01", end="2026-03-01"), token=hr)
        == "INVALID_DATE_RANGE"
    )
    assert await api.code(START_EXPORT, export_input(cmid="not-a-uuid"), token=hr) == "INVALID_CLIENT_MUTATION_ID"
    assert await api.code(START_EXPORT, export_input(teamOf=str(uuid.uuid4())), token=hr) == "EMPLOYEE_NOT_FOUND"
    cmid = new_id()
    first = await start_export(api, hr, cmid=cmid)
    again = await start_export(api, hr, cmid=cmid)
    assert again["id"] == first["id"]
    assert await api.code(START_EXPORT, export_input("XAPI_1_0_3", cmid=cmid), token=hr) == "IDEMPOTENCY_KEY_REUSED"
    assert await count_rows("training_export") == 1 and await count_rows("export_audit") == 1


async def test_a_crash_mid_export_restarts_without_duplicate_rows(api, storage, clock, records, monkeypatch):
    """Given an export whose first run dies after writing its part file, when the worker runs it again, then the
    published file has every session exactly once."""
    hr = records["people"]["HR1"]
    started = await start_export(api, token_for(hr), "CSV")
    real_publish = ExportFiles.publish

    def crash(self, name):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(ExportFiles, "publish", crash)
    from services.platform.settings import get_settings

    with pytest.raises(RuntimeError):
        await export_service.run_export(export_id=uuid.UUID(started["id"]), settings=get_settings(), now=clock.now)
    mid = await get_export(api, token_for(hr), started["id"])
    assert mid["status"] == "RUNNING" and mid["rowsTotal"] == 4 and mid["downloadUrl"] is None
    monkeypatch.setattr(ExportFiles, "publish", real_publish)

    await run_jobs(storage, clock)
    done = await get_export(api, token_for(hr), started["id"])
    rows = await csv_rows(api, done["downloadUrl"])
    assert done["status"] == "DONE" and len(rows) == 4
    assert len({(r["email"], r["started_at"]) for r in rows}) == 4


async def test_rows_done_advances_while_an_export_runs(api, storage, clock, records, monkeypatch):
    """Given a page size of one record, when an xAPI export runs, then rowsDone is written as it goes, below
    rowsTotal until the end."""
    from services.learning.exports import records as pages

    monkeypatch.setattr(pages, "PAGE_ROWS", 1)
    monkeypatch.setattr(export_service, "PROGRESS_EVERY_SECONDS", 0)
    seen: list[tuple[int | None, int]] = []
    real_set = export_service._set

    async def spy(export_id, **values):
        await real_set(export_id, **values)
        row = await export_service.get(export_id=export_id)
        seen.append((row["rows_total"], row["rows_done"]))

    monkeypatch.setattr(export_service, "_set", spy)
    done = await finished_export(api, token_for(records["people"]["HR1"]), storage, clock, "XAPI_1_0_3")
    total = done["rowsTotal"]
    partial = [d for t, d in seen if t == total and 0 < d < total]
    assert len(partial) >= 3 and partial == sorted(partial)


async def test_xapi_statements_parse_as_1_0_3_with_stable_ids_and_both_languages(api, storage, clock, records):
    """Given sessions and answers, when HR exports xAPI 1.0.3, then tincan parses every statement, sessions have
    attempted, completed and passed/failed (score, duration), answers have answered with success."""
    hr = records["people"]["HR1"]
    done = await finished_export(api, token_for(hr), storage, clock, "XAPI_1_0_3")
    found = await statements(api, done["downloadUrl"])
    assert len(found) == done["rowsTotal"] == done["rowsDone"]
    parsed = [tincan.Statement(copy.deepcopy(s)) for s in found]  # tincan renames keys in what it is given
    assert all(p.version == "1.0.3" for p in parsed)
    verbs = [p.verb.id.rsplit("/", 1)[-1] for p in parsed]
    # 4 sessions (3 completed: one failed) and every answer of them.
    assert verbs.count("attempted") == 4 and verbs.count("completed") == 3
    assert verbs.count("passed") == 2 and verbs.count("failed") == 1
    assert verbs.count("answered") == await count_rows(
        "item_answer", "answered_at < {}", local(NEW_YORK, 2026, 4, 1, 0, 0)
    )

    session = records["sessions"]["oie_after_dst"]
    by_id = {s["id"]: s for s in found}
    failed = by_id[statement_id("session", session["id"], "failed")]
    items = len(session["items"])
    assert failed["result"]["score"] == {"scaled": round(1 / items, 4), "raw": 1, "min": 0, "max": items}
    assert failed["result"]["success"] is False and failed["result"]["duration"] == "PT12M0S"
    assert failed["timestamp"] == "2026-03-30T09:27:00.000+03:00"
    assert failed["actor"] == {"objectType": "Agent", "name": "Õie Šõmer-Žürjä", "mbox": "mailto:oie@test.ee"}
    lesson = (await catalogue()).by_id[session["lesson"]["id"]]
    assert failed["object"]["id"] == f"https://serviceloop.local/xapi/lessons/{lesson.id}"
    assert failed["object"]["definition"]["name"] == {"et": lesson.title.et, "en": lesson.title.en}
    assert failed["object"]["definition"]["description"] == {"et": lesson.summary.et, "en": lesson.summary.en}
    answers = [
        s for s in found if s["verb"]["id"].endswith("answered") and s["context"].get("registration") == session["id"]
    ]
    assert [a["result"]["success"] for a in answers].count(True) == 1
    assert all(a["context"]["contextActivities"]["parent"][0]["id"] == failed["object"]["id"] for a in answers)

    # The same records exported again make the same statement ids.
    again = await finished_export(api, token_for(hr), storage, clock, "XAPI_2_0")
    second = await statements(api, again["downloadUrl"])
    assert {s["id"] for s in second} == set(by_id)
    assert {s["version"] for s in second} == {"2.0.0"}


async def test_exports_are_audited_links_expire_and_old_exports_are_deleted(api, storage, clock, records):
    """Given a finished export, then the admin sees it in the audit; its link stops after 24 h; past the
    retention the export and its file are deleted and the audit row stays."""
    people = records["people"]
    hr, admin = token_for(people["HR1"]), token_for(people["CEO"])
    done = await finished_export(api, hr, storage, clock, "CSV", teamOf=str(people["MA"]["id"]))

    audit = (await api.ok(AUDIT, token=admin))["exportAudit"]["items"]
    assert len(audit) == 1
    entry = audit[0]
    assert entry["exportId"] == done["id"] and entry["actor"] == {"hrId": "HR1"}
    assert entry["kind"] == "EXPORT" and entry["format"] == "CSV" and entry["outcome"] == "DONE"
    assert entry["rowCount"] == 3 and entry["finishedAt"] and entry["error"] is None
    assert entry["filters"]["teamOf"] == str(people["MA"]["id"])
    assert await api.code(AUDIT, token=hr) == "FORBIDDEN"
    listed = (await api.ok(EXPORTS, token=hr))["trainingExports"]["items"]
    assert [e["id"] for e in listed] == [done["id"]]

    url = done["downloadUrl"]
    tampered = url.replace("expires=", "expires=9")
    assert (await download(api, tampered)).status_code == 403
    clock.set(clock.now() + dt.timedelta(hours=25))
    assert (await download(api, url)).status_code == 410
    assert (await get_export(api, hr, done["id"]))["downloadUrl"] is None

    from services.learning.exports import jobs
    from services.platform.settings import get_settings
    from services.platform.redis import arq_pool

    clock.set(clock.now() + dt.timedelta(days=31))
    pool = await arq_pool(storage["redis_url"])
    try:
        result = await jobs.training_exports_cron({"clock": clock, "settings": get_settings(), "redis": pool})
    finally:
        await pool.aclose()
    assert result["purged"] == 1
    assert await get_export(api, hr, done["id"]) is None
    assert not list(get_settings().training_exports_dir.glob(f"{done['id']}*"))
    assert [e["exportId"] for e in (await api.ok(AUDIT, token=admin))["exportAudit"]["items"]] == [done["id"]]


async def test_the_command_line_writes_the_csv_to_stdout_with_progress_on_stderr(api, storage, clock, records):
    """Given sessions, when an operator runs `export-training`, then stdout is the CSV (the same rows as through
    the API), stderr shows the progress bar and the count, and the audit records it with no actor."""
    import asyncio
    import csv
    import io
    import sys

    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "services.learning.cli",
        "export-training",
        "--format",
        "csv",
        "--from",
        "2026-03-01",
        "--to",
        "2026-04-01",
        "--team-of",
        "MA",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8"))))
    assert sorted(r["email"] for r in rows) == ["oie@test.ee", "oie@test.ee", "ylle@test.ee"]
    assert "3 rows written" in err.decode() and "100%" in err.decode()
    audit = (await api.ok(AUDIT, token=token_for(records["people"]["CEO"])))["exportAudit"]["items"]
    assert [(e["actor"], e["rowCount"], e["outcome"], e["filters"]["teamOf"]) for e in audit] == [
        (None, 3, "DONE", str(records["people"]["MA"]["id"]))
    ]


async def test_listing_exports_costs_the_same_for_2_or_8_of_them(api, clock):
    """Given exports with refusals and requesters, when HR lists 2 and then 8, the statements do not grow."""
    from .support import count_statements

    people = await given_org(ORG)
    hr = people["HR1"]
    for n in range(8):
        await export_service.start(
            requester_id=hr["id"],
            kind="push" if n % 2 else "export",
            format="csv" if n % 2 == 0 else "xapi_1_0_3",
            from_date=dt.date(2026, 3, 1),
            to_date=dt.date(2026, 4, 1),
            team_of=None,
            topic=None,
            scope_path=None,
            excel_bom=False,
            client_id=new_id(),
            now=clock.now() + dt.timedelta(seconds=n),
        )
    query = (
        "query($n: Int) { trainingExports(first: $n) { items { id status downloadUrl requestedBy { hrId } "
        "refusals { reason } filters { from } } pageInfo { hasNextPage } } }"
    )
    token = token_for(hr)
    await api.ok(query, {"n": 2}, token=token)  # first use of pooled connections loads asyncpg's type codecs
    async with count_statements() as small:
        assert len((await api.ok(query, {"n": 2}, token=token))["trainingExports"]["items"]) == 2
    async with count_statements() as large:
        assert len((await api.ok(query, {"n": 8}, token=token))["trainingExports"]["items"]) == 8
    # the viewer (who is every export's requester), the page, the refusals of the page
    assert len(small) == len(large) == 3, "\n".join(large)


async def test_badges_earned_in_feedback_reach_the_export_as_earned_statements(api, feedback_app, storage, clock):
    """Given a praise naming a company value (the feedback service awards a badge and announces it), when HR
    exports xAPI, then the badge is an `earned` statement with its names in both languages, once."""
    from .recognition_steps import deliver, given_feedback, given_people, publish, recorded

    people = await given_people()
    a1 = people["A1"]
    praise = await given_feedback(kind="praise", subjects=[a1], company_value="Care")
    await publish(recorded(praise, subjects=[a1], company_value="Care", at=clock.now()))
    await deliver(feedback_app, storage, clock, learning=True)
    assert await count_rows("earned_badge") == 1

    done = await finished_export(api, token_for(people["HR1"]), storage, clock, "XAPI_1_0_3")
    found = await statements(api, done["downloadUrl"])
    [earned] = [s for s in found if s["verb"]["id"] == "http://id.tincanapi.com/verb/earned"]
    tincan.Statement(copy.deepcopy(earned))
    assert earned["id"] == statement_id("badge", a1["id"], "value_praise", "earned")
    assert earned["actor"]["mbox"] == "mailto:a1@test.ee"
    assert earned["object"]["id"] == "https://serviceloop.local/xapi/badges/value_praise"
    assert earned["object"]["definition"]["name"] == {"et": "Elame oma väärtusi", "en": "Living our values"}
    assert done["rowsTotal"] == len(found) == 1


async def test_an_export_that_keeps_failing_shows_why_and_the_audit_keeps_it(api, storage, clock, records, monkeypatch):
    """Given an export whose every try fails, when the job gives up, then the export is FAILED with the reason,
    no file is left, the audit says FAILED; a push with no LRS configured is refused up front."""
    from services.learning.exports import jobs
    from services.platform.settings import get_settings

    people = records["people"]
    hr, admin = token_for(people["HR1"]), token_for(people["CEO"])
    started = await start_export(api, hr, "CSV")

    async def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(export_service, "write_csv", broken)
    ctx = {"clock": clock, "settings": get_settings(), "job_try": jobs.EXPORT_TRIES}
    assert await jobs.run_training_export(ctx, started["id"]) == "failed"
    failed = await get_export(api, hr, started["id"])
    assert failed["status"] == "FAILED" and failed["error"] == "OSError: disk full" and failed["downloadUrl"] is None
    assert not list(get_settings().training_exports_dir.glob(f"{started['id']}*"))
    [entry] = (await api.ok(AUDIT, token=admin))["exportAudit"]["items"]
    assert entry["outcome"] == "FAILED" and entry["error"] == "OSError: disk full"

    push = "mutation($i: PushTrainingRecordsInput!) { pushTrainingRecords(input: $i) { id } }"
    variables = {"i": {"from": "2026-03-01", "to": "2026-04-01", "clientMutationId": new_id()}}
    assert await api.code(push, variables, token=hr) == "LRS_NOT_CONFIGURED"
    assert await api.code(push, variables, token=token_for(people["A2"])) == "FORBIDDEN"


async def test_an_export_whose_job_was_lost_is_queued_again_by_the_cron(api, storage, clock, records):
    """Given an export whose job never reached Redis (Redis lost it), when the cron runs a minute later, then
    the export is queued again and the worker writes it."""
    from services.learning.exports import jobs
    from services.platform.redis import arq_pool
    from services.platform.settings import get_settings

    hr = token_for(records["people"]["HR1"])
    started = await start_export(api, hr, "CSV")
    pool = await arq_pool(storage["redis_url"])
    try:
        await pool.flushdb()  # the queued job is gone
        clock.set(clock.now() + dt.timedelta(minutes=2))
        result = await jobs.training_exports_cron({"clock": clock, "settings": get_settings(), "redis": pool})
    finally:
        await pool.aclose()
    assert result == {"requeued": 1, "purged": 0}
    await run_jobs(storage, clock)
    assert (await get_export(api, hr, started["id"]))["status"] == "DONE"
