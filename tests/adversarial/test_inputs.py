"""Bad input: a client (signed in with its own token, or nobody) sends what no form would, and gets a stable code,
never an internal error, and nothing is written. Each test names the finding it closes (the "trust" issue:
platform robustness, findings 3 to 7)."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from services.learning.directory.tables import Employee
from services.learning.lessons.tables import Lesson
from services.platform.settings import Settings

from ..feedback_intake_steps import CREATE_CODE, SUBMIT, SUBMIT_PUBLIC, given_people, staff_input
from ..recognition_steps import ANSWER_SURVEY, ENTITIES, NPS, answer_input, given_resolved_complaint, customers_token
from ..support import HEADER, STANDARD_ORG, given_org, org_csv, production_settings, token_for

GATEWAY_SECRET = "gateway-secret-of-the-adversarial-tests-0123456789"
IMPORT = "mutation($csv: String!) { importOrgChart(input: {csv: $csv}) { created } }"
LEARNING_ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { id name } } }"
EMPLOYEES = "query($after: String) { employees(first: 2, after: $after) { items { id } } }"
LESSONS = "query($after: String) { lessons(first: 2, after: $after) { items { id } } }"
HISTORY = "query($after: String) { myRecognition { history(first: 2, after: $after) { items { rule } } } }"


async def rows_everywhere() -> dict[str, int]:
    """Row counts of every table of both services (the lesson catalogue and migrations aside)."""
    tables = await Lesson.raw(
        "SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN ('learning', 'feedback') "
        "AND tablename NOT IN ('lesson', 'migration') ORDER BY 1, 2"
    )
    names = [f'{t["schemaname"]}."{t["tablename"]}"' for t in tables]
    counts = await Lesson.raw("SELECT " + ", ".join(f"(SELECT count(*) FROM {n}) AS c{i}" for i, n in enumerate(names)))
    return {name: counts[0][f"c{i}"] for i, name in enumerate(names)}


async def raw_error(api, query: str, variables: dict, *, token: str | None = None) -> dict:
    """The first error of a call whose JSON is ASCII-escaped (a lone surrogate cannot be sent as UTF-8)."""
    headers = {"content-type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    body = json.dumps({"query": query, "variables": variables}).encode()
    response = await api.client.post("/graphql", content=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["errors"][0]


def cursor_of(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


async def public_code(feedback_api, people) -> str:
    made = await feedback_api.ok(CREATE_CODE, {"e": str(people["A2"]["id"])}, token=token_for(people["LA"]))
    return made["createPublicCode"]["code"]


def production(**overrides) -> Settings:
    return production_settings(**{"gateway_secret": GATEWAY_SECRET, **overrides})


def asgi_client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


# ---------------------------------------------------------------- finding 3: federation fields for the gateway only


@pytest.mark.parametrize("service", ["learning", "feedback"])
async def test_finding_3_production_answers_service_sdl_only_to_the_gateway(service):
    import importlib

    # given a production app of the service (introspection off)
    app = importlib.import_module(f"services.{service}.app").create_app(settings=production())
    async with asgi_client(app) as http:
        for query in ("{ _service { sdl } }", "query Q { ...F } fragment F on Query { _service { sdl } }",
                      '{ _entities(representations: [{__typename: "Employee", id: "x"}]) { __typename } }'):
            # when an anonymous caller, or one with a wrong secret, asks for the SDL or for entities
            for headers in ({}, {"X-Serviceloop-Gateway-Secret": "guess"}, {"X-Serviceloop-Gateway-Secret": ""}):
                body = (await http.post("/graphql", json={"query": query}, headers=headers)).json()
                # then it is refused before anything runs
                assert body["data"] is None, (query, headers, body)
                assert body["errors"][0]["extensions"]["code"] == "GATEWAY_ONLY"
                assert "type Query" not in json.dumps(body)
        # when the gateway asks with its secret, it gets the SDL
        body = (await http.post("/graphql", json={"query": "{ _service { sdl } }"},
                                headers={"X-Serviceloop-Gateway-Secret": GATEWAY_SECRET})).json()
        assert "type Query" in body["data"]["_service"]["sdl"]
        # and introspection stays off for everyone
        body = (await http.post("/graphql", json={"query": "{ __schema { types { name } } }"})).json()
        assert body["errors"]


def test_finding_3_production_requires_a_gateway_secret():
    from services.learning.app import create_app

    with pytest.raises(ValueError, match="GATEWAY_SECRET"):
        create_app(settings=production(gateway_secret=None))


# ---------------------------------------------------------------- finding 4: no CSRF through simple requests


async def test_finding_4_a_cross_site_multipart_post_without_the_upload_header_runs_nothing(feedback_api, feedback_client):
    # given a public code: anyone may submit feedback with it
    people = await given_people()
    code = await public_code(feedback_api, people)
    operations = json.dumps({"query": SUBMIT_PUBLIC, "variables": {"i": {"code": code, "kind": "PRAISE", "body": "x"}}})
    before = await rows_everywhere()
    # when another site's page posts it as a plain HTML form would (multipart, no custom header: no preflight)
    response = await feedback_client.post(
        "/graphql", data={"operations": operations, "map": "{}"}, files={"f": ("a.txt", b"", "text/plain")},
        headers={"Origin": "https://evil.example"},
    )
    # then it is refused with a code and nothing is stored
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PREFLIGHT_REQUIRED"
    assert await rows_everywhere() == before
    # when the same request carries the upload header (which a browser only sends after a CORS preflight)
    for header in ("X-Serviceloop-Upload", "Apollo-Require-Preflight"):
        ok = await feedback_client.post("/graphql", data={"operations": operations, "map": "{}"},
                                        files={"f": ("a.txt", b"", "text/plain")}, headers={header: "1"})
        # then it runs
        assert ok.status_code == 200 and ok.json()["data"]["submitPublicFeedback"]["received"], ok.text


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", None])
async def test_finding_4_form_and_text_posts_are_refused(feedback_api, feedback_client, content_type):
    # given a public code
    people = await given_people()
    code = await public_code(feedback_api, people)
    query = 'mutation { submitPublicFeedback(input: {code: "%s", kind: PRAISE, body: "x"}) { received } }' % code
    before = await rows_everywhere()
    # when a form (or a no-preflight fetch) posts the mutation
    payload = f"query={query}" if content_type == "application/x-www-form-urlencoded" else json.dumps({"query": query})
    headers = {"content-type": content_type} if content_type else {}
    response = await feedback_client.post("/graphql", content=payload.encode(), headers=headers)
    if content_type is None:
        assert "content-type" not in response.request.headers
    # then it is refused with a code and nothing is stored
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PREFLIGHT_REQUIRED"
    assert await rows_everywhere() == before


async def test_finding_4_mutations_never_run_over_get(api, client):
    people = await given_org(STANDARD_ORG[:2])
    before = await rows_everywhere()
    # when HR's token sends a mutation as a GET (a link or an <img> could)
    csv = org_csv(STANDARD_ORG[:3])
    response = await client.get("/graphql", params={"query": IMPORT, "variables": json.dumps({"csv": csv})},
                                headers={"Authorization": f"Bearer {token_for(people['HR1'])}"})
    # then it is refused with a code and nothing is written
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert await rows_everywhere() == before
    # while queries over GET still answer
    ok = await client.get("/graphql", params={"query": "{ me { name } }"},
                          headers={"Authorization": f"Bearer {token_for(people['HR1'])}"})
    assert ok.json()["data"]["me"]["name"] == "Helen Hunt"


def test_finding_4_cors_origins_follow_the_configured_host_and_ports():
    settings = Settings(host="127.0.0.1", learning_port=9101, feedback_port=9102)
    assert settings.allowed_origins == [
        "http://127.0.0.1:9101", "http://localhost:9101", "http://127.0.0.1:9102", "http://localhost:9102",
    ]
    assert Settings(host="serviceloop.test", learning_port=80, feedback_port=81).allowed_origins == [
        "http://serviceloop.test:80", "http://serviceloop.test:81",
    ]
    assert Settings(cors_origins=["https://app.example"]).allowed_origins == ["https://app.example"]


async def test_finding_4_a_preflight_from_the_configured_origin_may_send_the_upload_header():
    from services.learning.app import create_app

    app = create_app(settings=Settings(learning_port=9101, feedback_port=9102))
    async with asgi_client(app) as http:
        asked = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type,authorization,x-serviceloop-upload"}
        allowed = await http.options("/graphql", headers={"Origin": "http://localhost:9102", **asked})
        assert allowed.status_code in (200, 204)
        assert allowed.headers["access-control-allow-origin"] == "http://localhost:9102"
        assert "x-serviceloop-upload" in allowed.headers["access-control-allow-headers"].lower()
        stale = await http.options("/graphql", headers={"Origin": "http://127.0.0.1:8002", **asked})
        assert "access-control-allow-origin" not in stale.headers


# ---------------------------------------------------------------- finding 5: one body limit, coded


async def test_finding_5_an_upload_at_the_import_limit_reaches_the_importer(api, client):
    from services.platform.settings import get_settings

    hr = (await given_org(STANDARD_ORG[:2]))["HR1"]
    limit = get_settings().max_upload_bytes
    assert limit == 20 * 1024 * 1024
    operations = json.dumps({"query": "mutation($f: Upload) { importOrgChart(input: {file: $f}) { created } }",
                             "variables": {"f": None}})
    # when HR uploads a file one byte over the documented 20 MB
    response = await client.post(
        "/graphql", data={"operations": operations, "map": json.dumps({"0": ["variables.f"]})},
        files={"0": ("org.csv", b"x" * (limit + 1), "text/csv")},
        headers={"Authorization": f"Bearer {token_for(hr)}", "X-Serviceloop-Upload": "1"},
    )
    # then the importer's own rule answers (the HTTP layer let the file through)
    assert response.status_code == 200, response.text[:300]
    assert response.json()["errors"][0]["extensions"]["code"] == "IMPORT_TOO_LARGE"


async def test_finding_5_a_body_over_the_limit_gets_413_with_a_code(api, client):
    from services.platform.settings import get_settings

    before = await rows_everywhere()
    # when a body larger than the upload limit plus the envelope arrives
    body = b'{"query": "{ me { name } }", "variables": {"x": "' + b"a" * get_settings().max_request_bytes + b'"}}'
    response = await client.post("/graphql", content=body, headers={"content-type": "application/json"})
    # then it is refused with a JSON body carrying a code
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert await rows_everywhere() == before


# ---------------------------------------------------------------- finding 6: deep JSON


async def test_finding_6_deeply_nested_json_is_refused_before_decoding(feedback_api, feedback_client):
    people = await given_people()
    code = await public_code(feedback_api, people)
    before = await rows_everywhere()
    submit = {"i": {"code": code, "kind": "PRAISE", "body": "x"}}
    deep = "[" * 1000 + "]" * 1000
    # when a 2 KB body nests 1,000 levels deep (in the variables, or as the whole body)
    bodies = [
        json.dumps({"query": SUBMIT_PUBLIC, "variables": submit})[:-1] + ', "junk": ' + deep + "}",
        deep,
        json.dumps({"query": SUBMIT_PUBLIC, "variables": submit})[:-2] + ', "x": ' + "{\"a\": " * 65 + "1" + "}" * 65 + "}}",
    ]
    for body in bodies:
        response = await feedback_client.post("/graphql", content=body, headers={"content-type": "application/json"})
        # then it is refused with a code, and nothing is written
        assert response.status_code == 400, response.text[:200]
        assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_DEEP"
    # the same through a multipart request's operations and a GET's variables
    multipart = await feedback_client.post(
        "/graphql", data={"operations": '{"query": "{ serviceName }", "variables": {"x": ' + deep + "}}", "map": "{}"},
        files={"f": ("a.txt", b"", "text/plain")}, headers={"X-Serviceloop-Upload": "1"},
    )
    get = await feedback_client.get("/graphql", params={"query": "{ serviceName }", "variables": '{"x": ' + deep + "}"})
    for response in (multipart, get):
        assert response.status_code == 400, response.text[:200]
        assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_DEEP"
    assert await rows_everywhere() == before
    # while brackets inside strings do not count, and ordinary nesting passes
    submit["i"]["body"] = "[[[[" * 100
    ok = await feedback_client.post("/graphql", json={"query": SUBMIT_PUBLIC, "variables": submit})
    assert ok.json()["data"]["submitPublicFeedback"]["received"], ok.text


# ---------------------------------------------------------------- finding 7: malformed input gets a code


UUID = "2d7f1c1e-54b6-4a47-9a3b-6b1e0f0f0f0f"
# Refused by every list: not base64 JSON, or JSON of no list's shape.
BAD_CURSORS = [
    "%%%",
    "bm90IGpzb24",  # base64 of "not json"
    cursor_of([1, 2]),
    cursor_of({"name": "a"}),
    cursor_of("x"),
    cursor_of(["Anu", "not-a-uuid"]),
    cursor_of(["Anu", UUID, "extra"]),
    cursor_of(["\u0000", UUID]),
    cursor_of(-1),
    cursor_of(True),
    cursor_of(None) + "x",
]
# Of the right outline for employees (a name and an id) but not for the ledger's (an instant with its offset).
BAD_HISTORY_CURSORS = [cursor_of(["yesterday", UUID]), cursor_of(["2026-03-10T09:00:00", UUID])]


@pytest.mark.parametrize("cursor", BAD_CURSORS + BAD_HISTORY_CURSORS)
async def test_finding_7_bad_cursors_are_invalid_cursor(api, feedback_api, cursor):
    people = await given_people()
    hr, a1 = token_for(people["HR1"]), token_for(people["A1"])
    before = await rows_everywhere()
    lists = [(feedback_api, HISTORY, a1)]
    if cursor in BAD_CURSORS:
        lists += [(api, EMPLOYEES, hr), (api, LESSONS, a1)]
    for client, query, token in lists:
        error = await client.error(query, {"after": cursor}, token=token)
        assert error["extensions"]["code"] == "INVALID_CURSOR", (query, cursor, error)
    assert await rows_everywhere() == before


async def test_finding_7_good_cursors_still_page(api, feedback_api):
    people = await given_people()
    a1 = token_for(people["A1"])
    first = (await api.ok("{ lessons(first: 2) { items { id } pageInfo { endCursor } } }", token=a1))["lessons"]
    second = (await api.ok(LESSONS, {"after": first["pageInfo"]["endCursor"]}, token=a1))["lessons"]
    assert second["items"] and second["items"][0] != first["items"][0]


@pytest.mark.parametrize("representations", [
    [1],
    ["Employee"],
    [{"id": "2d7f1c1e-54b6-4a47-9a3b-6b1e0f0f0f0f"}],
    [{"__typename": "Employee"}],
    [{"__typename": "Nope", "id": "2d7f1c1e-54b6-4a47-9a3b-6b1e0f0f0f0f"}],
    [{"__typename": 7, "id": "x"}],
    [{"__typename": "Employee", "id": "2d7f1c1e-54b6-4a47-9a3b-6b1e0f0f0f0f", "extra": 1}],
    [{"__typename": "Employee", "id": {"a": 1}}],
])
async def test_finding_7_bad_entity_representations_get_a_code_in_both_services(api, feedback_api, representations):
    people = await given_people()
    token = token_for(people["HR1"])
    for client, query in ((api, LEARNING_ENTITIES), (feedback_api, ENTITIES)):
        error = await client.error(query, {"r": representations}, token=token)
        assert error["extensions"]["code"] == "INVALID_REPRESENTATION", (query, representations, error)


async def test_finding_7_an_entity_id_that_is_no_uuid_is_invalid_id(api, feedback_api):
    people = await given_people()
    for client, query in ((api, LEARNING_ENTITIES), (feedback_api, ENTITIES)):
        body = await client.call(query, {"r": [{"__typename": "Employee", "id": "not-a-uuid"}]},
                                 token=token_for(people["HR1"]))
        assert body["errors"][0]["extensions"]["code"] == "INVALID_ID", body


async def test_finding_7_a_string_sent_as_the_import_file_is_checked_as_csv(api):
    people = await given_org(STANDARD_ORG[:2])
    token = token_for(people["HR1"])
    before = await rows_everywhere()
    # when HR's client sends a string where the upload goes
    error = await api.error('mutation { importOrgChart(input: {file: "a,b"}) { created } }', token=token)
    # then it is read as the file's text and fails the header check, with a message
    assert error["extensions"]["code"] == "IMPORT_INVALID"
    assert "missing columns" in error["extensions"]["errors"][0]["message"]
    error = await api.error("mutation($f: Upload) { importOrgChart(input: {file: $f}) { created } }", {"f": 12}, token=token)
    assert error["extensions"]["code"] == "IMPORT_INPUT"
    assert await rows_everywhere() == before


async def test_finding_7_an_over_long_csv_cell_is_import_invalid_with_its_line(api):
    people = await given_org(STANDARD_ORG[:2])
    before = await rows_everywhere()
    # given a file whose third record has a quoted cell over Python csv's 131,072-character field limit
    rows = [",".join(r) for r in STANDARD_ORG[:2]]
    huge = '"' + "x" * 131_073 + '"'
    text = "\n".join([HEADER, *rows, f"X1,{huge},x1@test.ee,Cashier,cashier,CEO,et,Europe/Tallinn,employee"]) + "\n"
    # when HR imports it
    error = await api.error(IMPORT, {"csv": text}, token=token_for(people["HR1"]))
    # then the import is refused with the line of that record, and nothing is written
    assert error["extensions"]["code"] == "IMPORT_INVALID"
    assert [p["line"] for p in error["extensions"]["errors"]] == [4]
    assert "field larger than field limit" in error["extensions"]["errors"][0]["message"]
    assert await rows_everywhere() == before


async def test_finding_7_control_characters_in_an_uploaded_csv_are_import_invalid(api, client):
    people = await given_org(STANDARD_ORG[:2])
    before = await rows_everywhere()
    bad = org_csv([*STANDARD_ORG[:2], ("N1", "Nele\x00Nurm", "n1@test.ee", "Cashier", "cashier", "CEO", "et",
                                         "Europe/Tallinn", "employee")])
    operations = json.dumps({"query": "mutation($f: Upload) { importOrgChart(input: {file: $f}) { created } }",
                             "variables": {"f": None}})
    response = await client.post(
        "/graphql", data={"operations": operations, "map": json.dumps({"0": ["variables.f"]})},
        files={"0": ("org.csv", bad.encode(), "text/csv")},
        headers={"Authorization": f"Bearer {token_for(people['HR1'])}", "X-Serviceloop-Upload": "1"},
    )
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "IMPORT_INVALID"
    assert [(p["line"], p["message"]) for p in error["extensions"]["errors"]] == [(4, "a cell contains control characters")]
    assert await rows_everywhere() == before


@pytest.mark.parametrize("period, code", [
    ({"from": "2026-03-01T00:00:00", "to": "2026-03-10T00:00:00+00:00"}, "DATETIME_WITHOUT_OFFSET"),
    ({"from": "2026-03-01T00:00:00+02:00", "to": "2026-03-10T00:00:00"}, "DATETIME_WITHOUT_OFFSET"),
    ({"from": "2026-03-01", "to": "2026-03-10"}, "DATETIME_WITHOUT_OFFSET"),
    ({"from": "last week", "to": None}, "INVALID_DATETIME"),
    ({"from": 1700000000, "to": None}, "INVALID_DATETIME"),
])
async def test_finding_7_naive_or_garbled_instants_are_refused_in_variables(feedback_api, period, code):
    people = await given_people()
    error = await feedback_api.error(NPS, {"o": True, **period}, token=token_for(people["CEO"]))
    assert error["extensions"]["code"] == code, error


async def test_finding_7_a_naive_instant_is_refused_as_a_literal_and_in_a_write(feedback_api):
    people = await given_people()
    token = token_for(people["CEO"])
    query = '{ nps(organisation: true, from: "2026-03-01T00:00:00", to: "2026-03-10T00:00:00Z") { score } }'
    assert (await feedback_api.error(query, token=token))["extensions"]["code"] == "DATETIME_WITHOUT_OFFSET"
    before = await rows_everywhere()
    praise = staff_input("praise", [people["A1"]], receivedAt="2026-03-10T08:00:00")
    assert await feedback_api.code(SUBMIT, {"i": praise}, token=token_for(people["LA"])) == "DATETIME_WITHOUT_OFFSET"
    assert await rows_everywhere() == before
    # an instant with an offset is taken
    data = await feedback_api.ok(NPS, {"o": True, "from": "2026-03-01T00:00:00+02:00", "to": "2026-03-10T00:00:00Z"},
                                 token=token)
    assert data["nps"]["responses"] == 0


@pytest.mark.parametrize("text", ["nul \x00 byte", "bell \x07", "escape \x1b[31m", "lone \ud800 surrogate", "\x0b"])
async def test_finding_7_control_characters_in_public_and_staff_text_are_refused(api, feedback_api, clock, text):
    people = await given_people()
    code = await public_code(feedback_api, people)
    complaint = await given_resolved_complaint(people["A1"], at=clock.now())
    survey = await customers_token(complaint)
    before = await rows_everywhere()
    # when the public form, the survey and a staff mutation carry the character
    attempts = [
        (feedback_api, SUBMIT_PUBLIC, {"i": {"code": code, "kind": "PRAISE", "body": text}}, None),
        (feedback_api, SUBMIT_PUBLIC, {"i": {"code": code, "kind": "PRAISE", "body": "ok",
                                             "contact": {"name": text, "email": None, "phone": None}}}, None),
        (feedback_api, ANSWER_SURVEY, answer_input(survey, comment=text), None),
        (feedback_api, SUBMIT, {"i": staff_input("praise", [people["A1"]], body=text)}, token_for(people["LA"])),
        (api, "mutation($e: String!) { login(input: {email: $e, password: \"x\"}) { token } }", {"e": text}, None),
    ]
    for client, query, variables, token in attempts:
        error = await raw_error(client, query, variables, token=token)
        # then each is refused with a code before anything runs, and nothing is written
        assert error["extensions"]["code"] == "INVALID_CHARACTERS", (query, error)
    assert await rows_everywhere() == before


async def test_finding_7_an_escaped_nul_in_a_document_literal_is_refused(feedback_api):
    people = await given_people()
    code = await public_code(feedback_api, people)
    before = await rows_everywhere()
    query = 'mutation { submitPublicFeedback(input: {code: "%s", kind: PRAISE, body: "a\\u0000b"}) { received } }' % code
    assert (await feedback_api.error(query))["extensions"]["code"] == "INVALID_CHARACTERS"
    assert await rows_everywhere() == before


async def test_finding_7_tabs_and_newlines_are_still_text(feedback_api):
    people = await given_people()
    code = await public_code(feedback_api, people)
    data = await feedback_api.ok(SUBMIT_PUBLIC, {"i": {"code": code, "kind": "PRAISE", "body": "Line one\r\n\tline two"}})
    assert data["submitPublicFeedback"]["received"]
    assert await Employee.count() == len(STANDARD_ORG)
