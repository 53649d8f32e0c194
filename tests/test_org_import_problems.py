"""Each problem the org-chart import reports carries a stable code, the CSV column and the offending value, so the HR
screen can word it in either language without reading the English message."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from .support import HEADER, STANDARD_ORG, org_csv
from .test_org_import import UPLOAD, given_hr, import_csv, line_of, replace, row, snapshot

ROOT = pathlib.Path(__file__).resolve().parents[1]
IMPORTER = ROOT / "services" / "learning" / "directory" / "importer.py"
ERROR_MESSAGES = ROOT / "frontend" / "src" / "lib" / "error-messages.json"


class Upload(str):
    """A file HR uploads (a multipart request) rather than passes as `csv`."""


async def send(api, token: str, text: str, *, dry_run: bool) -> dict:
    if not isinstance(text, Upload):
        return await import_csv(api, token, text, dry_run=dry_run)
    variables = {"input": {"file": None, "dryRun": dry_run, "sendInvitations": False}}
    response = await api.client.post(
        "/graphql",
        data={"operations": json.dumps({"query": UPLOAD, "variables": variables}),
              "map": json.dumps({"0": ["variables.input.file"]})},
        files={"0": ("org.csv", text.encode(), "text/csv")},
        headers={"X-Serviceloop-Upload": "1", "Authorization": f"Bearer {token}"},
    )
    return response.json()


def one_change(hr_id: str, **changes: str) -> str:
    return org_csv(replace(STANDARD_ORG, hr_id, row(hr_id, **changes)))


def with_column(column: str, cells: dict[str, str]) -> str:
    """The standard org with an optional column, filled for some people."""
    return org_csv([r + (cells.get(r[0], ""),) for r in STANDARD_ORG], header=f"{HEADER},{column}")


A2 = line_of(STANDARD_ORG, "A2")
NEWCOMER = ("N1", "New One", "n1@test.ee", "Cashier", "cashier", "LA", "et", "Europe/Tallinn", "employee")
NEWCOMERS = [(f"N{i}", "New One", f"n{i}@test.ee") + NEWCOMER[3:] for i in range(3)]

# kind: (CSV text, expected problems as (line, hrId, code, field, value, otherLine, otherHrId)).
PROBLEMS: dict[str, tuple[str, list[tuple]]] = {
    "unreadable CSV": (
        org_csv(STANDARD_ORG + [("N1", "x" * 200_000) + NEWCOMER[2:]]),
        [(len(STANDARD_ORG) + 2, None, "CSV_UNREADABLE", None, None, None, None)],
    ),
    "missing column": (
        org_csv([r[:6] + r[7:] for r in STANDARD_ORG], header=HEADER.replace(",locale", "")),
        [(1, None, "MISSING_COLUMN", "locale", None, None, None)],
    ),
    "unknown column": (
        with_column("shoe_size", {}),
        [(1, None, "UNKNOWN_COLUMN", "shoe_size", None, None, None)],
    ),
    "too many rows": (
        org_csv(STANDARD_ORG + NEWCOMERS),
        [(len(STANDARD_ORG) + 4, None, "TOO_MANY_ROWS", None, "10", None, None)],
    ),
    "more fields than columns": (
        org_csv(replace(STANDARD_ORG, "A2", row("A2") + ("extra",))),
        [(A2, None, "TOO_MANY_FIELDS", None, None, None, None)],
    ),
    # (as a `csv` string, GraphQL refuses control characters before the importer sees them: an uploaded file)
    "control character": (
        Upload(one_change("A2", job_title="Clea\x07ner")),
        [(A2, None, "INVALID_CHARACTERS", "job_title", None, None, None)],
    ),
    "bad hr_id": (
        org_csv(STANDARD_ORG + [("N/1",) + NEWCOMER[1:]]),
        [(len(STANDARD_ORG) + 2, "N/1", "INVALID_HR_ID", "hr_id", "N/1", None, None)],
    ),
    "empty name": (one_change("A2", name=""), [(A2, "A2", "VALUE_REQUIRED", "name", None, None, None)]),
    "long job title": (
        one_change("A2", job_title="J" * 201),
        [(A2, "A2", "FIELD_TOO_LONG", "job_title", None, None, None)],
    ),
    "bad email": (
        one_change("A2", email="a2.test.ee"),
        [(A2, "A2", "INVALID_EMAIL", "email", "a2.test.ee", None, None)],
    ),
    "long bad email (the value cut)": (
        one_change("A2", email="x" * 300),
        [(A2, "A2", "INVALID_EMAIL", "email", "x" * 255 + "…", None, None)],
    ),
    "bad role family": (
        one_change("A2", role_family="astronaut"),
        [(A2, "A2", "INVALID_CHOICE", "role_family", "astronaut", None, None)],
    ),
    "bad locale": (one_change("A2", locale="fi"), [(A2, "A2", "INVALID_CHOICE", "locale", "fi", None, None)]),
    "bad role": (one_change("A2", role="boss"), [(A2, "A2", "INVALID_CHOICE", "role", "boss", None, None)]),
    "bad active": (
        with_column("active", {"A2": "maybe"}),
        [(A2, "A2", "INVALID_CHOICE", "active", "maybe", None, None)],
    ),
    "bad time zone": (
        one_change("A2", time_zone="Mars/Olympus"),
        [(A2, "A2", "INVALID_TIME_ZONE", "time_zone", "Mars/Olympus", None, None)],
    ),
    "bad working days": (
        with_column("work_days", {"A2": "funday"}),
        [(A2, "A2", "INVALID_WORK_DAYS", "work_days", "funday", None, None)],
    ),
    "own manager": (
        one_change("A2", manager_hr_id="A2"),
        [(A2, "A2", "OWN_MANAGER", "manager_hr_id", "A2", None, None)],
    ),
    "hr_id twice in the file": (
        org_csv(STANDARD_ORG + [("A1", "Anu Teine", "anu2@test.ee") + NEWCOMER[3:]]),
        [(len(STANDARD_ORG) + 2, "A1", "DUPLICATE_VALUE", "hr_id", "A1", line_of(STANDARD_ORG, "A1"), None)],
    ),
    "email twice in the file": (
        org_csv(STANDARD_ORG + [NEWCOMER[:2] + ("A1@Test.ee",) + NEWCOMER[3:]]),
        [(len(STANDARD_ORG) + 2, "N1", "DUPLICATE_VALUE", "email", "a1@test.ee", line_of(STANDARD_ORG, "A1"), None)],
    ),
    "email of someone not in the file": (
        org_csv([row("A1", email="a2@test.ee")]),
        [(2, "A1", "DUPLICATE_VALUE", "email", "a2@test.ee", None, "A2")],
    ),
    "unknown manager": (
        one_change("A2", manager_hr_id="ZZ"),
        [(A2, "A2", "EMPLOYEE_NOT_FOUND", "manager_hr_id", "ZZ", None, None)],
    ),
    "inactive manager": (
        with_column("active", {"MA": "false"}),
        [(line_of(STANDARD_ORG, "LA"), "LA", "EMPLOYEE_INACTIVE", "manager_hr_id", "MA", None, None)],
    ),
    "manager leaving with active reports": (
        org_csv([row("LA") + ("false",)], header=HEADER + ",active"),
        [(2, "LA", "MANAGER_HAS_ACTIVE_REPORTS", "active", None, None, h) for h in ("A1", "A2")],
    ),
    "reporting cycle": (
        org_csv(replace(STANDARD_ORG, "MA", row("MA", manager_hr_id="LA"))),
        [
            (line_of(STANDARD_ORG, h), h, "REPORTING_CYCLE", "manager_hr_id", loop, None, None)
            for h, loop in (("MA", "MA -> LA -> MA"), ("LA", "MA -> LA -> MA"))
        ],
    ),
    "role HR may not give": (
        one_change("A2", role="admin"),
        [(A2, "A2", "ROLE_CHANGE_FORBIDDEN", "role", "admin", None, None)],
    ),
}


def shape(problem: dict) -> tuple:
    return tuple(problem[k] for k in ("line", "hrId", "code", "field", "value", "otherLine", "otherHrId"))


@pytest.mark.parametrize("kind", list(PROBLEMS))
async def test_each_problem_names_its_code_column_and_value_the_same_in_a_dry_run_and_a_real_one(
    api, kind, monkeypatch
):
    from services.learning.directory import importer

    # given HR and the standard org (the row limit lowered so a short file can pass it)
    monkeypatch.setattr(importer, "MAX_ROWS", 10)
    _, token = await given_hr()
    text, expected = PROBLEMS[kind]
    before = await snapshot()
    answers = []
    for dry_run in (True, False):
        # when HR imports the file, as a dry run and for real
        body = await send(api, token, text, dry_run=dry_run)
        # then it is refused, nothing is written, and each problem says what is wrong where
        assert body["data"] is None, body["data"]
        error = body["errors"][0]
        refused = all(code == "ROLE_CHANGE_FORBIDDEN" for _, _, code, *_ in expected)
        assert error["extensions"]["code"] == ("ROLE_CHANGE_FORBIDDEN" if refused else "IMPORT_INVALID"), error
        problems = error["extensions"]["errors"]
        assert sorted(map(shape, problems), key=repr) == sorted(expected, key=repr), problems
        assert all(p["message"] for p in problems)  # the English message stays for older clients
        answers.append(problems)
        assert await snapshot() == before
    assert answers[0] == answers[1]


def test_the_table_covers_every_code_the_importer_can_report_and_each_is_worded():
    # (the constants the importer names its problems by; ROLE_CHANGE_FORBIDDEN comes from the role rule)
    constants = set(re.findall(r'^([A-Z][A-Z0-9_]+) = "\1"$', IMPORTER.read_text(encoding="utf-8"), re.M))
    covered = {code for _, expected in PROBLEMS.values() for _, _, code, *_ in expected}
    assert covered == constants | {"ROLE_CHANGE_FORBIDDEN"}
    words = json.loads(ERROR_MESSAGES.read_text(encoding="utf-8"))
    assert covered <= set(words), sorted(covered - set(words))
