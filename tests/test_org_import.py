"""HR imports the org chart through GraphQL: all or nothing, idempotent, with events for the feedback replica."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import pathlib
import sys

import pytest

from .support import HEADER, STANDARD_ORG, count_statements, given_org, org_csv, token_for

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEMO_ORG = ROOT / "services" / "learning" / "directory" / "demo" / "org.csv"

# Invitations for new hires are off here (these stories are about the file); tests/test_accounts.py has them.
IMPORT = (
    "mutation($csv: String, $dry: Boolean! = false, $deactivate: Boolean! = false) { "
    "importOrgChart(input: {csv: $csv, dryRun: $dry, deactivateMissing: $deactivate, sendInvitations: false}) { "
    "dryRun created updated deactivated reactivated unchanged } }"
)
UPLOAD = (
    "mutation($input: ImportOrgChartInput!) { importOrgChart(input: $input) { "
    "dryRun created updated deactivated reactivated unchanged } }"
)
BOSSES = [r for r in STANDARD_ORG if r[0] in ("CEO", "HR1")]
BY_ID = {r[0]: r for r in STANDARD_ORG}


def row(hr_id: str, **changes: str) -> tuple:
    """A row of the standard org with some columns changed."""
    columns = HEADER.split(",")
    values = dict(zip(columns, BY_ID[hr_id]))
    values.update(changes)
    return tuple(values[c] for c in columns)


def staff(n: int, *, start: int = 0, manager: str = "MA") -> list[tuple]:
    """n cashiers reporting to `manager`."""
    return [
        (f"N{i:05d}", f"New Person {i}", f"n{i}@test.ee", "Cashier", "cashier", manager, "et", "Europe/Tallinn",
         "employee")
        for i in range(start, start + n)
    ]


def replace(rows: list[tuple], hr_id: str, new: tuple) -> list[tuple]:
    return [new if r[0] == hr_id else r for r in rows]


def line_of(rows: list[tuple], hr_id: str) -> int:
    """The CSV line of a person: the header is line 1."""
    return [r[0] for r in rows].index(hr_id) + 2


async def import_csv(api, token, text: str, *, dry_run: bool = False, deactivate_missing: bool = False) -> dict:
    return await api.call(IMPORT, {"csv": text, "dry": dry_run, "deactivate": deactivate_missing}, token=token)


async def imported(api, token, text: str, **flags) -> dict:
    body = await import_csv(api, token, text, **flags)
    assert not body.get("errors"), body["errors"]
    return body["data"]["importOrgChart"]


async def given_hr(rows=STANDARD_ORG) -> tuple[dict, str]:
    """The org (through the importer) and an HR lead's token."""
    people = await given_org(rows)
    return people, token_for(people["HR1"])


async def employees() -> dict[str, dict]:
    from services.learning.directory.tables import Employee

    return {r["hr_id"]: r for r in await Employee.raw("SELECT * FROM learning.employee ORDER BY hr_id")}


async def events() -> list[dict]:
    from services.learning.directory.tables import Employee

    rows = await Employee.raw("SELECT * FROM learning.outbox_event ORDER BY created_at, id")
    return [{**r, "payload": json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"]} for r in rows]


async def snapshot() -> tuple[dict, list]:
    return await employees(), await events()


def expected_path(people: dict[str, dict], hr_id: str) -> str:
    chain = []
    node = people[hr_id]
    by_id = {p["id"]: p for p in people.values()}
    while node is not None:
        chain.append(str(node["id"]))
        node = by_id.get(node["manager"])
    return "/".join(reversed(chain))


# --- (a) a valid file ---------------------------------------------------------------------------------------


async def test_a_valid_file_creates_the_employees_with_managers_and_org_paths(api):
    _, token = await given_hr(BOSSES)
    report = await imported(api, token, org_csv())
    assert report["dryRun"] is False
    assert sorted(report["created"]) == ["A1", "A2", "B1", "LA", "MA", "MB"]
    assert report["updated"] == report["deactivated"] == report["reactivated"] == []
    assert report["unchanged"] == 2
    people = await employees()
    assert set(people) == {r[0] for r in STANDARD_ORG}
    ids = {h: p["id"] for h, p in people.items()}
    assert people["A1"]["manager"] == ids["LA"] and people["LA"]["manager"] == ids["MA"]
    assert people["A1"]["org_path"] == f"{ids['CEO']}/{ids['MA']}/{ids['LA']}/{ids['A1']}"
    assert people["CEO"]["manager"] is None and people["CEO"]["org_path"] == str(ids["CEO"])
    for hr_id, person in people.items():
        assert person["org_path"] == expected_path(people, hr_id), hr_id
    b1 = people["B1"]
    assert (b1["name"], b1["email"], b1["job_title"], b1["role_family"], b1["locale"], b1["time_zone"], b1["role"]) == (
        "Birgit Berg", "b1@test.ee", "Warehouse worker", "logistics", "et", "America/New_York", "employee"
    )
    assert all(p["active"] and p["version"] == 1 for p in people.values())
    upserted = [e for e in await events() if e["payload"]["hr_id"] in report["created"]]
    assert sorted(e["payload"]["hr_id"] for e in upserted) == sorted(report["created"])
    assert {e["topic"] for e in upserted} == {"employee.upserted"}
    a1_event = next(e["payload"] for e in upserted if e["payload"]["hr_id"] == "A1")
    assert a1_event["manager_id"] == str(ids["LA"]) and a1_event["org_path"] == people["A1"]["org_path"]
    assert a1_event["version"] == 1
    # The new people are visible through GraphQL in the right places.
    ma = await api.ok("{ employees(first: 50) { items { hrId manager { hrId } } } }", token=token_for(people["MA"]))
    reports = {(e["hrId"], e["manager"]["hrId"]) for e in ma["employees"]["items"]}
    assert reports == {("LA", "MA"), ("A1", "LA"), ("A2", "LA")}


# --- (b) dry run --------------------------------------------------------------------------------------------


async def test_a_dry_run_reports_the_same_changes_and_writes_nothing(api):
    _, token = await given_hr(BOSSES)
    text = org_csv(replace(STANDARD_ORG, "HR1", row("HR1", job_title="People lead")))
    before = await snapshot()
    dry = await imported(api, token, text, dry_run=True)
    assert await snapshot() == before
    real = await imported(api, token, text)
    assert dry["dryRun"] is True and real["dryRun"] is False
    assert {**dry, "dryRun": False} == real
    assert real["updated"] == ["HR1"] and len(real["created"]) == 6
    assert len(await employees()) == len(STANDARD_ORG)


# --- (c) the same file again ----------------------------------------------------------------------------------


async def test_importing_the_same_file_again_changes_nothing(api):
    _, token = await given_hr(BOSSES)
    await imported(api, token, org_csv())
    before = await snapshot()
    assert len(before[1]) == len(STANDARD_ORG)  # two for the bosses, six for the import
    again = await imported(api, token, org_csv())
    assert again == {
        "dryRun": False, "created": [], "updated": [], "deactivated": [], "reactivated": [],
        "unchanged": len(STANDARD_ORG),
    }
    assert await snapshot() == before


# --- (d) one changed row ----------------------------------------------------------------------------------------


async def test_changing_one_row_updates_that_employee_bumps_the_version_and_emits_one_event(api):
    people, token = await given_hr()
    before_people, before_events = await snapshot()
    rows = replace(STANDARD_ORG, "A2", row("A2", job_title="Senior cleaner", locale="et"))
    report = await imported(api, token, org_csv(rows))
    assert report["updated"] == ["A2"]
    assert report["created"] == report["deactivated"] == report["reactivated"] == []
    assert report["unchanged"] == len(STANDARD_ORG) - 1
    after_people, after_events = await snapshot()
    a2 = after_people["A2"]
    assert (a2["job_title"], a2["locale"]) == ("Senior cleaner", "et")
    assert a2["version"] == before_people["A2"]["version"] + 1
    for hr_id in after_people.keys() - {"A2"}:
        assert after_people[hr_id] == before_people[hr_id], hr_id
    new = after_events[len(before_events):]
    assert after_events[: len(before_events)] == before_events
    assert len(new) == 1
    assert new[0]["topic"] == "employee.upserted" and new[0]["published_at"] is None
    assert new[0]["payload"]["hr_id"] == "A2" and new[0]["payload"]["id"] == str(people["A2"]["id"])
    assert new[0]["payload"]["version"] == a2["version"] == 2
    assert new[0]["payload"]["job_title"] == "Senior cleaner"


async def test_moving_a_manager_moves_their_subtree(api):
    people, token = await given_hr()
    before_events = await events()
    report = await imported(api, token, org_csv(replace(STANDARD_ORG, "LA", row("LA", manager_hr_id="MB"))))
    assert "LA" in report["updated"] and not report["created"]
    after = await employees()
    ids = {h: p["id"] for h, p in after.items()}
    assert after["LA"]["manager"] == ids["MB"]
    for hr_id in ("LA", "A1", "A2"):
        assert after[hr_id]["org_path"] == expected_path(after, hr_id)
        assert after[hr_id]["org_path"].startswith(f"{ids['CEO']}/{ids['MB']}/")
        assert after[hr_id]["version"] == 2
    new = (await events())[len(before_events):]
    assert sorted(e["payload"]["hr_id"] for e in new) == ["A1", "A2", "LA"]
    assert {e["payload"]["org_path"] for e in new} == {after[h]["org_path"] for h in ("LA", "A1", "A2")}
    # Scope follows the chart: MB now sees A1, MA no longer does.
    query = "query($id: ID!) { employee(id: $id) { hrId } }"
    assert (await api.ok(query, {"id": str(ids["A1"])}, token=token_for(people["MB"])))["employee"]["hrId"] == "A1"
    assert await api.code(query, {"id": str(ids["A1"])}, token=token_for(people["MA"])) == "FORBIDDEN"


# --- (e) invalid files: nothing is written ---------------------------------------------------------------------


def _cycle():
    rows = STANDARD_ORG + [
        ("CA", "Cycle A", "ca@test.ee", "Cashier", "cashier", "CB", "et", "Europe/Tallinn", "employee"),
        ("CB", "Cycle B", "cb@test.ee", "Cashier", "cashier", "CA", "et", "Europe/Tallinn", "employee"),
    ]
    return org_csv(rows), [(line_of(rows, h), h, "reporting cycle") for h in ("CA", "CB")]


def _one_change(hr_id: str, message: str, **changes):
    rows = replace(STANDARD_ORG, hr_id, row(hr_id, **changes))
    return lambda: (org_csv(rows), [(line_of(rows, hr_id), hr_id, message)])


def _duplicate_email():
    rows = STANDARD_ORG + [
        ("N1", "New One", "new@test.ee", "Cashier", "cashier", "LA", "et", "Europe/Tallinn", "employee"),
        ("N2", "New Two", "New@Test.ee", "Cashier", "cashier", "LA", "et", "Europe/Tallinn", "employee"),
    ]
    return org_csv(rows), [(line_of(rows, "N2"), "N2", "email new@test.ee repeats line 10")]


def _email_of_an_existing_employee_for_a_newcomer():
    rows = [("N1", "New One", "B1@test.ee", "Cashier", "cashier", "LA", "et", "Europe/Tallinn", "employee")]
    return org_csv(rows), [(2, "N1", "belongs to employee B1")]


def _email_taken_from(owner: str, taker: str):
    """An existing employee takes another existing employee's address; the owner is not in the file."""
    rows = [row(taker, email=f"{owner.lower()}@test.ee")]
    return lambda: (org_csv(rows), [(2, taker, f"belongs to employee {owner}")])


def _cycle_through_existing_people():
    rows = replace(STANDARD_ORG, "MA", row("MA", manager_hr_id="A1"))  # MA -> A1 -> LA -> MA
    return org_csv(rows), [(line_of(rows, h), h, "reporting cycle") for h in ("MA", "LA", "A1")]


def _duplicate_hr_id():
    again = ("A1", "Anu Teine", "anu2@test.ee", "Cashier", "cashier", "LA", "et", "Europe/Tallinn", "employee")
    rows = STANDARD_ORG + [again]
    return org_csv(rows), [(len(rows) + 1, "A1", "hr_id repeats line 6")]


def _missing_column():
    header = HEADER.replace(",locale", "")
    rows = [tuple(v for c, v in zip(HEADER.split(","), r) if c != "locale") for r in STANDARD_ORG]
    return org_csv(rows, header=header), [(1, None, "missing columns: locale")]


def _one_bad_row_among_many():
    rows = STANDARD_ORG + staff(300)
    bad = rows[150]
    rows[150] = bad[:7] + ("Mars/Olympus",) + bad[8:]
    return org_csv(rows), [(152, bad[0], "time_zone 'Mars/Olympus'")]


INVALID = {
    "unknown manager": _one_change("A2", "unknown manager ZZ", manager_hr_id="ZZ"),
    "reporting cycle A->B->A": _cycle,
    "reporting cycle through existing people": _cycle_through_existing_people,
    "duplicate email in the file": _duplicate_email,
    "email of an existing employee (newcomer)": _email_of_an_existing_employee_for_a_newcomer,
    "email of an existing employee (A1 takes A2's)": _email_taken_from("A2", "A1"),
    "email of an existing employee (B1 takes A1's)": _email_taken_from("A1", "B1"),
    "email of an existing employee (A2 takes A1's)": _email_taken_from("A1", "A2"),
    "duplicate hr_id": _duplicate_hr_id,
    "bad time zone": _one_change("A2", "time_zone 'Mars/Olympus' is not an IANA time zone", time_zone="Mars/Olympus"),
    "bad locale": _one_change("A2", "locale 'fi' must be et or en", locale="fi"),
    "bad role": _one_change("A2", "role 'boss' must be employee, manager, hr or admin", role="boss"),
    "bad role_family": _one_change("A2", "role_family 'astronaut' is not one of", role_family="astronaut"),
    "missing column header": _missing_column,
    "one bad row among many good ones": _one_bad_row_among_many,
}


@pytest.mark.parametrize("kind", list(INVALID))
async def test_an_invalid_file_is_refused_with_line_numbers_and_nothing_is_written(api, kind):
    _, token = await given_hr()
    text, expected = INVALID[kind]()
    before = await snapshot()
    for dry_run in (True, False):
        body = await import_csv(api, token, text, dry_run=dry_run)
        assert body["data"] is None, body["data"]
        error = body["errors"][0]
        assert error["extensions"]["code"] == "IMPORT_INVALID", error
        assert "nothing was imported" in error["message"]
        problems = error["extensions"]["errors"]
        for line, hr_id, message in expected:
            assert any(p["line"] == line and p["hrId"] == hr_id and message in p["message"] for p in problems), (
                line, hr_id, message, problems
            )
        assert {(p["line"], p["hrId"]) for p in problems} == {(line, hr_id) for line, hr_id, _ in expected}
        assert await snapshot() == before


# --- (f) deactivating people missing from the file --------------------------------------------------------------


async def test_deactivate_missing_deactivates_absent_people_without_deleting_them(api):
    people, token = await given_hr()
    before_people, before_events = await snapshot()
    rows = [r for r in STANDARD_ORG if r[0] not in ("A2", "B1")]
    report = await imported(api, token, org_csv(rows), deactivate_missing=True)
    assert sorted(report["deactivated"]) == ["A2", "B1"]
    assert report["created"] == report["updated"] == report["reactivated"] == []
    assert report["unchanged"] == len(rows)
    after = await employees()
    assert set(after) == set(before_people)
    for hr_id in ("A2", "B1"):
        assert after[hr_id]["active"] is False and after[hr_id]["version"] == 2
        # (a deactivation revokes the tokens issued before it: a new token version)
        changing = ("active", "version", "token_version", "updated_at")
        assert {k: v for k, v in after[hr_id].items() if k not in changing} == {
            k: v for k, v in before_people[hr_id].items() if k not in changing
        }
    new = (await events())[len(before_events):]
    summary = sorted((e["topic"], e["payload"]["hr_id"], e["payload"]["version"], e["payload"]["active"]) for e in new)
    assert summary == [("employee.deactivated", "A2", 2, False), ("employee.deactivated", "B1", 2, False)]
    # A leaver's token stops working and they drop out of the team list, but HR can still find them.
    assert await api.code("{ me { hrId } }", token=token_for(people["A2"])) == "UNAUTHENTICATED"
    listed = await api.ok("{ employees(first: 50) { items { hrId active } } }", token=token_for(people["LA"]))
    assert listed["employees"]["items"] == [{"hrId": "A1", "active": True}]
    everyone = await api.ok("{ employees(first: 50, includeInactive: true) { items { hrId active } } }", token=token)
    assert {"hrId": "A2", "active": False} in everyone["employees"]["items"]
    # Without the flag, absent people are left alone; a file naming them again reactivates them.
    again = await imported(api, token, org_csv(STANDARD_ORG))
    assert sorted(again["reactivated"]) == ["A2", "B1"]
    assert (await employees())["A2"]["active"] is True


async def test_deactivate_missing_refuses_to_orphan_the_reports_of_an_absent_manager(api):
    _, token = await given_hr()
    rows = [r for r in STANDARD_ORG if r[0] != "MA"]  # LA still reports to MA and stays
    before = await snapshot()
    body = await import_csv(api, token, org_csv(rows), deactivate_missing=True)
    assert body["errors"][0]["extensions"]["code"] == "IMPORT_INVALID"
    problems = body["errors"][0]["extensions"]["errors"]
    assert problems == [
        {"line": line_of(rows, "LA"), "hrId": "LA", "message": "manager MA is inactive", "code": "EMPLOYEE_INACTIVE",
         "field": "manager_hr_id", "value": "MA", "otherLine": None, "otherHrId": None}
    ]
    assert await snapshot() == before


async def test_deactivating_a_manager_in_the_file_while_their_reports_stay_is_refused(api):
    _, token = await given_hr()
    before = await snapshot()
    body = await import_csv(api, token, org_csv([row("LA") + ("false",)], header=HEADER + ",active"))
    assert body["errors"][0]["extensions"]["code"] == "IMPORT_INVALID"
    problems = body["errors"][0]["extensions"]["errors"]
    assert {(p["line"], p["hrId"]) for p in problems} == {(2, "LA")}
    assert {p["message"] for p in problems} == {
        "LA is deactivated but still manages active employee A1",
        "LA is deactivated but still manages active employee A2",
    }
    assert await snapshot() == before


# --- (g) upload as a GraphQL multipart request -------------------------------------------------------------------


async def upload(client, token: str | None, content: bytes, *, csv_too: bool = False):
    """POST the GraphQL multipart request spec: `operations`, `map` and the file part `0`."""
    operations = {"query": UPLOAD, "variables": {"input": {"file": None, "csv": org_csv() if csv_too else None}}}
    # The custom header forces a browser's CORS preflight; multipart requests without it are refused.
    headers = {"X-Serviceloop-Upload": "1", **({"Authorization": f"Bearer {token}"} if token else {})}
    return await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
        files={"0": ("org.csv", content, "text/csv")},
        headers=headers,
    )


async def test_the_file_can_be_uploaded_as_a_multipart_request(api):
    _, token = await given_hr(BOSSES)
    response = await upload(api.client, token, org_csv().encode())
    assert response.status_code == 200, response.text
    assert response.request.headers["content-type"].startswith("multipart/form-data; boundary=")
    body = response.json()
    assert not body.get("errors"), body
    assert sorted(body["data"]["importOrgChart"]["created"]) == ["A1", "A2", "B1", "LA", "MA", "MB"]
    assert len(await employees()) == len(STANDARD_ORG)


async def test_an_uploaded_file_goes_through_the_same_checks(api):
    _, token = await given_hr()
    before = await snapshot()
    bad = org_csv(replace(STANDARD_ORG, "A2", row("A2", time_zone="Mars/Olympus")))
    body = (await upload(api.client, token, bad.encode())).json()
    assert body["errors"][0]["extensions"]["code"] == "IMPORT_INVALID"
    assert body["errors"][0]["extensions"]["errors"][0]["line"] == line_of(STANDARD_ORG, "A2")
    body = (await upload(api.client, token, org_csv().encode("utf-16"))).json()
    assert body["errors"][0]["extensions"]["code"] == "IMPORT_ENCODING"
    body = (await upload(api.client, token, org_csv().encode(), csv_too=True)).json()
    assert body["errors"][0]["extensions"]["code"] == "IMPORT_INPUT"
    body = (await upload(api.client, None, org_csv().encode())).json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await snapshot() == before


async def test_neither_file_nor_csv_is_refused(api):
    _, token = await given_hr()
    body = await api.call("mutation { importOrgChart(input: {}) { created } }", token=token)
    assert body["errors"][0]["extensions"]["code"] == "IMPORT_INPUT"


# --- (h) the demo org ---------------------------------------------------------------------------------------------


async def test_the_demo_org_imports_cleanly(api):
    # (an admin's import: the file gives the roles admin and hr, which HR may not give)
    people, _ = await given_hr(BOSSES)
    token = token_for(people["CEO"])
    text = DEMO_ORG.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert 25 <= len(rows) <= 35
    dry = await imported(api, token, text, dry_run=True)
    report = await imported(api, token, text)
    assert {**dry, "dryRun": False} == report
    assert sorted(report["created"]) == sorted(r["hr_id"] for r in rows)
    people = {h: p for h, p in (await employees()).items() if h in report["created"]}
    roots = [p for p in people.values() if p["manager"] is None]
    assert len(roots) == 1 and roots[0]["role_family"] == "ceo" and roots[0]["role"] == "admin"
    assert [p["role_family"] for p in people.values()].count("ceo") == 1
    assert all(p["org_path"].startswith(str(roots[0]["id"])) for p in people.values())
    assert (await imported(api, token, text))["unchanged"] == len(BOSSES) + len(rows)


# --- (i) the CLI ------------------------------------------------------------------------------------------------


async def run_cli(*args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "services.learning.cli", *args,
        cwd=ROOT, env=dict(os.environ), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    return process.returncode, out.decode(), err.decode()


async def test_the_cli_dry_run_prints_the_summary(api, tmp_path):
    await given_org(BOSSES)
    path = tmp_path / "org.csv"
    path.write_text(org_csv(replace(STANDARD_ORG, "HR1", row("HR1", job_title="People lead"))), encoding="utf-8")
    before = await snapshot()
    code, out, err = await run_cli("import-org", str(path), "--dry-run")
    assert code == 0, err
    assert "would change: 6 new, 1 updated, 0 deactivated, 0 reactivated, 1 unchanged" in out
    assert await snapshot() == before


async def test_the_cli_lists_the_bad_lines_and_exits_1(api, tmp_path):
    await given_org(BOSSES)
    rows = replace(replace(STANDARD_ORG, "A2", row("A2", time_zone="Mars/Olympus")), "B1", row("B1", role="boss"))
    path = tmp_path / "bad.csv"
    path.write_text(org_csv(rows), encoding="utf-8")
    before = await snapshot()
    code, out, err = await run_cli("import-org", str(path), "--dry-run")
    assert code == 1, (out, err)
    assert "2 problem(s); nothing was imported" in err
    assert f"line {line_of(rows, 'A2')} [A2]: time_zone 'Mars/Olympus'" in err
    assert f"line {line_of(rows, 'B1')} [B1]: role 'boss'" in err
    assert "would change" not in out
    # Without --dry-run, too: nothing is written.
    code, _, err = await run_cli("import-org", str(path))
    assert code == 1, err
    assert await snapshot() == before


# --- (j) statements do not grow with the file ---------------------------------------------------------------------


async def statements_for(api, token, text: str) -> tuple[dict, list[str]]:
    async with count_statements() as statements:
        report = await imported(api, token, text)
    return report, list(statements)


async def test_the_number_of_statements_does_not_depend_on_the_number_of_rows(api):
    _, token = await given_hr()
    small, small_sql = await statements_for(api, token, org_csv(staff(10)))
    large, large_sql = await statements_for(api, token, org_csv(staff(200, start=10)))
    assert len(small["created"]) == 10 and len(large["created"]) == 200
    assert len(small_sql) == len(large_sql), (small_sql, large_sql)
    assert len(small_sql) > 0
    # Updating many rows costs the same as creating them.
    moved = [r[:5] + ("LA",) + r[6:] for r in staff(200, start=10)]
    updated, updated_sql = await statements_for(api, token, org_csv(moved))
    assert len(updated["updated"]) == 200
    assert len(updated_sql) == len(large_sql)


async def test_rows_are_written_in_chunks_of_1000(api):
    _, token = await given_hr()
    _, one_chunk = await statements_for(api, token, org_csv(staff(10)))
    report, two_chunks = await statements_for(api, token, org_csv(staff(1001, start=10)))
    assert len(report["created"]) == 1001
    # One more employee INSERT, one more team-rollup refresh (its lock and its statement) and one more outbox INSERT
    # (the import locks every member once before the refreshes, whatever their number).
    assert len(two_chunks) == len(one_chunk) + 4
    assert len(await employees()) == len(STANDARD_ORG) + 1011


async def test_two_people_may_swap_email_addresses_in_one_file(api):
    _, token = await given_hr()
    rows = replace(replace(STANDARD_ORG, "A1", row("A1", email="a2@test.ee")), "A2", row("A2", email="a1@test.ee"))
    report = await imported(api, token, org_csv(rows))
    assert sorted(report["updated"]) == ["A1", "A2"]
    after = await employees()
    assert (after["A1"]["email"], after["A2"]["email"]) == ("a2@test.ee", "a1@test.ee")


async def test_a_newcomer_may_take_the_address_another_employee_gives_up_in_the_same_file(api):
    _, token = await given_hr()
    newcomer = ("N1", "New One", "a2@test.ee", "Cleaner", "cleaner", "LA", "en", "Europe/London", "employee")
    rows = replace(STANDARD_ORG, "A2", row("A2", email="andres.allik@test.ee")) + [newcomer]
    report = await imported(api, token, org_csv(rows))
    assert report["created"] == ["N1"] and report["updated"] == ["A2"]
    after = await employees()
    assert (after["A2"]["email"], after["N1"]["email"]) == ("andres.allik@test.ee", "a2@test.ee")
