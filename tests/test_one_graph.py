"""One graph: the two subgraphs compose into schema/supergraph.graphql (the gateway's schema), kept current."""

from __future__ import annotations

import importlib
import pathlib
import shutil
import subprocess

import pytest

from .support import throwaway_signing_key, throwaway_vapid_key

ROOT = pathlib.Path(__file__).resolve().parents[1]
SERVICES = ("learning", "feedback")
COMPOSE = ROOT / "gateway" / "compose.mjs"


def node() -> str:
    """The node binary; the graph cannot be checked without it, so its absence fails the test."""
    path = shutil.which("node")
    if path is None:
        pytest.fail(
            "Node.js is not installed: the supergraph cannot be composed (install Node.js 20+, then `make install`)"
        )
    if not (ROOT / "gateway" / "node_modules" / "@theguild" / "federation-composition").is_dir():
        pytest.fail("gateway/node_modules is missing: run `make install` (npm ci in gateway/)")
    return path


def compose(schema_dir: pathlib.Path) -> subprocess.CompletedProcess:
    out = schema_dir / "supergraph.graphql"
    return subprocess.run(
        [node(), str(COMPOSE), str(schema_dir), str(out)], capture_output=True, text=True, timeout=120, check=False
    )


def export(schema_dir: pathlib.Path) -> None:
    for service in SERVICES:
        sdl = importlib.import_module(f"services.{service}.schema").build_schema().as_str() + "\n"
        (schema_dir / f"{service}.graphql").write_text(sdl, encoding="utf-8")


def test_the_subgraphs_as_the_code_defines_them_compose_into_the_committed_supergraph(tmp_path):
    # given the SDL exported from the code now
    export(tmp_path)

    # when the gateway's composition runs over it
    result = compose(tmp_path)

    # then it composes, and every file on disk is what `make schema` would write
    assert result.returncode == 0, f"composition failed:\n{result.stderr}"
    for name in (*(f"{s}.graphql" for s in SERVICES), "supergraph.graphql"):
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        on_disk = (ROOT / "schema" / name).read_text(encoding="utf-8")
        assert on_disk == fresh, f"schema/{name} is stale: run `make schema` and review the diff"


def test_a_value_type_both_subgraphs_define_without_shareable_fails_composition_loudly(tmp_path):
    # given both subgraphs as committed, with PageInfo's @shareable taken away from one of them
    for service in SERVICES:
        shutil.copy(ROOT / "schema" / f"{service}.graphql", tmp_path)
    learning = tmp_path / "learning.graphql"
    text = learning.read_text(encoding="utf-8")
    assert "type PageInfo @shareable {" in text
    learning.write_text(text.replace("type PageInfo @shareable {", "type PageInfo {"), encoding="utf-8")

    # when composed
    result = compose(tmp_path)

    # then the script fails, names the field, and writes nothing
    assert result.returncode == 1
    assert "PageInfo.endCursor" in result.stderr
    assert not (tmp_path / "supergraph.graphql").exists()


def test_each_subgraph_pins_a_federation_version_the_composition_accepts():
    for service in SERVICES:
        sdl = (ROOT / "schema" / f"{service}.graphql").read_text(encoding="utf-8")
        assert 'url: "https://specs.apollo.dev/federation/v2.9"' in sdl.splitlines()[0], service


# ---------------------------------------------------------------- the gateway, end to end

GATEWAY_SECRET = "the-gateway-secret-of-the-graph-test-0123456789"
JWT_SECRET = "the-jwt-secret-of-the-graph-test-0123456789abcdef"
LINK_TOKEN_SECRET = "the-link-token-secret-of-the-graph-test-0123456789"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, name: str, timeout: float = 90.0) -> None:
    import time

    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{name} exited with {process.returncode} before answering {url}")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{name} did not answer {url} within {timeout:.0f} s")


@pytest.fixture(scope="module")
def graph(storage):
    """Both subgraphs in production mode (so `_entities` answers the gateway alone) on free ports, and the real
    Hive Gateway in front of them; yields the gateway's /graphql address and a token maker."""
    import os
    import sys

    from services.platform import devserver
    from services.platform.auth.tokens import issue_token
    from services.platform.clock import SystemClock
    from services.platform.settings import Settings

    node_binary = node()
    ports = {"learning": _free_port(), "feedback": _free_port(), "gateway": _free_port()}
    urls = {name: f"http://127.0.0.1:{port}/graphql" for name, port in ports.items()}
    env = {
        **os.environ,
        "SERVICELOOP_ENV": "production",
        "SERVICELOOP_JWT_SECRET": JWT_SECRET,
        "SERVICELOOP_LINK_TOKEN_SECRET": LINK_TOKEN_SECRET,
        "SERVICELOOP_GATEWAY_SECRET": GATEWAY_SECRET,
        "DATABASE_URL": storage["database_url"],
        "REDIS_URL": storage["redis_url"],
        "SERVICELOOP_APP_BASE_URL": "http://127.0.0.1/app",
        "SERVICELOOP_PUBLIC_BASE_URL": "http://127.0.0.1/feedback",
        "SERVICELOOP_LOG_LEVEL": "WARNING",
        "SERVICELOOP_LEARNING_URL": urls["learning"],
        "SERVICELOOP_FEEDBACK_URL": urls["feedback"],
        "SERVICELOOP_CORS_ORIGINS": '["http://127.0.0.1:8001"]',
        # Production feedback refuses to start without a badge signing key: one made for this run.
        "SERVICELOOP_BADGE_SIGNING_KEY": throwaway_signing_key(),
        # and production learning without the VAPID key reminders are pushed with.
        "SERVICELOOP_VAPID_PRIVATE_KEY": throwaway_vapid_key(),
    }
    processes = []
    try:
        for service in ("learning", "feedback"):
            process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", f"services.{service}.app:create_app", "--factory", "--host",
                 "127.0.0.1", "--port", str(ports[service]), "--no-access-log", "--no-proxy-headers"],
                cwd=ROOT, env=env,
            )
            processes.append(process)
            _wait_until_up(f"http://127.0.0.1:{ports[service]}/healthz", process, service)
        # exactly as `make run` starts it (the supervisor's command line); these tests send their own queries,
        # so the operators allow arbitrary documents at this gateway (`strict_gateway` below does not)
        argv = devserver.gateway_argv(Settings(host="127.0.0.1", gateway_port=ports["gateway"]))
        assert argv is not None and argv[0] == node_binary
        gateway = subprocess.Popen(argv, cwd=ROOT, env={**env, "SERVICELOOP_GATEWAY_ARBITRARY_DOCUMENTS": "true"})
        processes.append(gateway)
        _wait_until_up(f"http://127.0.0.1:{ports['gateway']}/healthcheck", gateway, "the gateway")
        settings = Settings(env="production", jwt_secret=JWT_SECRET, link_token_secret=LINK_TOKEN_SECRET, database_url=storage["database_url"],
                            redis_url=storage["redis_url"], smtp_host="127.0.0.1",
                            app_base_url="http://x/app", public_base_url="http://x/feedback")

        def token(person: dict) -> str:
            from services.platform.auth.principal import Principal, Role

            principal = Principal(employee_id=person["id"], role=Role(person["role"]), token_version=1)
            return issue_token(principal, settings=settings, now=SystemClock().now())

        def start_gateway(**overrides: str) -> str:
            """Another gateway over the same subgraphs, with these variables; its /graphql address."""
            port = _free_port()
            process = subprocess.Popen(
                devserver.gateway_argv(Settings(host="127.0.0.1", gateway_port=port)), cwd=ROOT, env={**env, **overrides}
            )
            processes.append(process)
            _wait_until_up(f"http://127.0.0.1:{port}/healthcheck", process, "the other gateway")
            return f"http://127.0.0.1:{port}/graphql"

        yield {"url": urls["gateway"], "subgraphs": urls, "token": token, "start_gateway": start_gateway}
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _post(url: str, query: str, variables: dict | None = None, *, token: str | None = None, headers=None) -> dict:
    import httpx

    sent = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(url, json={"query": query, "variables": variables or {}}, headers={**sent, **(headers or {})},
                          timeout=30.0)
    assert response.status_code == 200, response.text
    return response.json()


COMPLAINT_WITH_PEOPLE = """query($id: ID!) { feedbackItem(id: $id) { status
  subjects { name jobTitle progress { level xp streak } recognition { points level } }
  owner { name email } } }"""
EMPLOYEE_VIEW = """query($id: ID!) { employee(id: $id) { name manager { name }
  progress { level xp } recognition { points pendingPoints level badges { key } } } }"""


async def test_through_the_gateway_a_complaint_leads_to_the_learning_of_the_person_it_is_about(graph, clock):
    from .complaint_steps import given_complaint, given_people, given_step
    from .recognition_steps import given_praise

    # given a complaint about A1, acknowledged by their shift lead, and one praise for A1 (10 points)
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    await given_step("acknowledge", complaint, people["LA"], at=clock.now())
    await given_praise(people["A1"], at=clock.now(), company_value="Care")

    # when the shift lead asks the gateway for the complaint, its subject's learning and recognition
    body = _post(graph["url"], COMPLAINT_WITH_PEOPLE, {"id": str(complaint)}, token=graph["token"](people["LA"]))

    # then one answer joins both services: the feedback subgraph's complaint, the learning subgraph's progress
    # and e-mail, the feedback subgraph's recognition
    assert not body.get("errors"), body
    item = body["data"]["feedbackItem"]
    assert item["status"] == "ACKNOWLEDGED"
    assert item["subjects"] == [{
        "name": "Anu Aas", "jobTitle": "Cashier",
        "progress": {"level": 1, "xp": 0, "streak": 0},
        "recognition": {"points": 10, "level": 1},
    }]
    assert item["owner"] == {"name": "Liis Lepp", "email": "la@test.ee"}


COMPLAINT_WITH_HISTORY = """query($id: ID!) { feedbackItem(id: $id) {
  subjects { name progress { lessonHistory(first: 5) { items { lesson { id } localDate passed score } } } } } }"""


async def test_through_the_gateway_a_complaints_subject_shows_their_lesson_history(graph, clock, api):
    from . import learning_steps as steps
    from .complaint_steps import given_complaint, given_people
    from .support import token_for

    # given a complaint about A1, who has since passed a lesson
    people = await given_people()
    complaint = await given_complaint([people["A1"]], at=clock.now())
    lesson = (await steps.suitable_ids("cashier"))[0]
    await steps.do_lesson(api, token_for(people["A1"]), lesson)

    # when their shift lead asks the gateway for the complaint's subject and their lesson history
    body = _post(graph["url"], COMPLAINT_WITH_HISTORY, {"id": str(complaint)}, token=graph["token"](people["LA"]))

    # then the feedback subgraph's subject (an Employee reference) carries the learning subgraph's history
    assert not body.get("errors"), body
    assert body["data"]["feedbackItem"]["subjects"] == [{
        "name": "Anu Aas",
        "progress": {"lessonHistory": {"items": [
            {"lesson": {"id": lesson}, "localDate": clock.now().date().isoformat(), "passed": True, "score": 1.0}
        ]}},
    }]


TEAM_WITH_RECOGNITION = """{ team { manager { name } progress { headcount }
  members { items { name progress { lessonHistory { items { passed } } } recognition { points } } } } }"""


async def test_through_the_gateway_a_manager_sees_their_team_with_learning_and_recognition(graph, clock, api):
    from . import learning_steps as steps
    from .complaint_steps import given_people
    from .recognition_steps import given_praise
    from .support import token_for

    # given A1 praised once and with a lesson passed, A2 with neither
    people = await given_people()
    await given_praise(people["A1"], at=clock.now(), company_value="Care")
    await steps.do_lesson(api, token_for(people["A1"]), (await steps.suitable_ids("cashier"))[0])

    # when their shift lead asks the gateway for their team
    body = _post(graph["url"], TEAM_WITH_RECOGNITION, token=graph["token"](people["LA"]))

    # then the learning subgraph's team and members carry the feedback subgraph's recognition of each member
    assert not body.get("errors"), body
    team = body["data"]["team"]
    assert team["manager"] == {"name": "Liis Lepp"} and team["progress"]["headcount"] == 2
    assert sorted(team["members"]["items"], key=lambda m: m["name"]) == [
        {"name": "Andres Allik", "progress": {"lessonHistory": {"items": []}}, "recognition": {"points": 0}},
        {"name": "Anu Aas", "progress": {"lessonHistory": {"items": [{"passed": True}]}}, "recognition": {"points": 10}},
    ]


async def test_through_the_gateway_a_manager_sees_an_employee_with_progress_and_recognition(graph, clock):
    from .complaint_steps import given_people
    from .recognition_steps import given_praise

    # given A1 with two praises
    people = await given_people()
    await given_praise(people["A1"], at=clock.now(), times=2, company_value="Care")

    # when their store manager looks them up at the gateway
    body = _post(graph["url"], EMPLOYEE_VIEW, {"id": str(people["A1"]["id"])}, token=graph["token"](people["MA"]))

    # then the learning subgraph's employee carries the feedback subgraph's recognition
    assert not body.get("errors"), body
    assert body["data"]["employee"] == {
        "name": "Anu Aas", "manager": {"name": "Liis Lepp"},
        "progress": {"level": 1, "xp": 0},
        "recognition": {"points": 20, "pendingPoints": 0, "level": 1, "badges": [{"key": "value_praise"}]},
    }


async def test_the_gateway_is_the_only_caller_the_production_subgraphs_resolve_entities_for(graph, clock):
    from .complaint_steps import given_people

    # given a signed-in employee calling a subgraph directly, past the gateway
    people = await given_people()
    query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { name } } }'
    variables = {"r": [{"__typename": "Employee", "id": str(people["A1"]["id"])}]}
    token = graph["token"](people["A1"])

    # when they ask for entities without the secret, then they are refused; with it (as the gateway sends it)
    # the same request answers
    refused = _post(graph["subgraphs"]["feedback"], query, variables, token=token)
    assert refused["errors"][0]["extensions"]["code"] == "GATEWAY_ONLY"
    allowed = _post(graph["subgraphs"]["feedback"], query, variables, token=token,
                    headers={"X-Serviceloop-Gateway-Secret": GATEWAY_SECRET})
    assert allowed["data"]["_entities"] == [{"name": "Anu Aas"}]


def test_the_gateway_answers_browsers_from_the_allowed_origins_only(graph):
    import httpx

    def preflight(origin: str) -> httpx.Response:
        return httpx.options(graph["url"], headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type"}, timeout=10.0)

    # when the staff app's origin asks, then it may post with a token; another origin is not allowed
    allowed = preflight("http://127.0.0.1:8001")
    assert allowed.headers.get("access-control-allow-origin") == "http://127.0.0.1:8001"
    assert "authorization" in allowed.headers.get("access-control-allow-headers", "").lower()
    assert "access-control-allow-origin" not in preflight("https://evil.example").headers


def test_make_run_gives_the_gateway_the_subgraphs_the_secret_and_the_origins():
    import json

    from services.platform import devserver
    from services.platform.settings import Settings

    # given nothing configured, then a development secret shared by the gateway and the services
    env = devserver.gateway_env(Settings(env="development", host="127.0.0.1", learning_port=8101, feedback_port=8102))
    assert env["SERVICELOOP_GATEWAY_SECRET"] == devserver.DEVELOPMENT_GATEWAY_SECRET
    assert (env["SERVICELOOP_LEARNING_URL"], env["SERVICELOOP_FEEDBACK_URL"]) == (
        "http://127.0.0.1:8101/graphql", "http://127.0.0.1:8102/graphql")
    assert "http://127.0.0.1:8101" in json.loads(env["SERVICELOOP_CORS_ORIGINS"])
    # given a secret, then that one
    configured = devserver.gateway_env(Settings(env="development", gateway_secret="s" * 40))
    assert configured["SERVICELOOP_GATEWAY_SECRET"] == "s" * 40
    # and the gateway is the first child, on SERVICELOOP_GATEWAY_PORT
    children = devserver._children(Settings(env="development", gateway_port=4123), "python")
    assert children[0][0] == "gateway" and children[0][1][-1] == "4123"


# ---------------------------------------------------------------- persisted documents at the gateway


@pytest.fixture(scope="module")
def strict_gateway(graph) -> str:
    """A production gateway as the operators leave it: persisted documents only."""
    return graph["start_gateway"](SERVICELOOP_GATEWAY_ARBITRARY_DOCUMENTS="false")


def _post_body(url: str, body: dict, *, token: str | None = None):
    import httpx

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(url, json=body, headers=headers, timeout=30.0)


async def test_the_production_gateway_runs_the_apps_documents_by_id_and_refuses_other_text(graph, strict_gateway):
    import json

    from services.platform.graphql import persisted

    from .complaint_steps import given_people

    # given an employee, and the staff app's Today and Me documents
    people = await given_people()
    token = graph["token"](people["A1"])
    manifest = json.loads(persisted.MANIFEST_PATH.read_text(encoding="utf-8"))
    today = next(key for key, text in manifest.items() if text.startswith("query Today("))
    me = next(key for key, text in manifest.items() if text.startswith("query Me "))

    # when the app sends the documents' ids (documentId, and Apollo's hash extension)
    by_id = _post_body(strict_gateway, {"documentId": today, "variables": {"l": "EN"}}, token=token)
    apq = {"persistedQuery": {"version": 1, "sha256Hash": me.removeprefix("sha256:")}}
    by_hash = _post_body(strict_gateway, {"extensions": apq}, token=token)

    # then the gateway runs them through the learning subgraph
    assert by_id.status_code == 200, by_id.text
    assert by_id.json()["data"]["today"]["lesson"]["id"]
    assert by_hash.json() == {"data": {"me": {"id": str(people["A1"]["id"]), "name": "Anu Aas", "role": "employee",
                                              "locale": "et"}}}
    # when a client sends text, or an id the manifest does not hold, then it is refused with the subgraphs' codes
    text = _post_body(strict_gateway, {"query": "{ me { name } }"}, token=token)
    assert text.status_code == 400
    assert text.json()["errors"][0]["extensions"]["code"] == "PERSISTED_DOCUMENTS_ONLY"
    unknown = _post_body(strict_gateway, {"documentId": "sha256:" + "0" * 64}, token=token)
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_DOCUMENT_NOT_FOUND"
    # and the gateway the operators opened to text still takes both
    assert _post_body(graph["url"], {"documentId": me}, token=token).json()["data"]["me"]["name"] == "Anu Aas"
    assert _post_body(graph["url"], {"query": "{ me { name } }"}, token=token).json() == {
        "data": {"me": {"name": "Anu Aas"}}}


def test_make_run_lets_the_gateway_take_text_in_development_only():
    from services.platform import devserver
    from services.platform.settings import Settings

    development = devserver.gateway_env(Settings(env="development"))
    assert development["SERVICELOOP_GATEWAY_ARBITRARY_DOCUMENTS"] == "true"
    closed = devserver.gateway_env(Settings(env="development", arbitrary_documents=False))
    assert closed["SERVICELOOP_GATEWAY_ARBITRARY_DOCUMENTS"] == "false"
