"""One graph: the two subgraphs compose into schema/supergraph.graphql (the gateway's schema), kept current."""

from __future__ import annotations

import importlib
import pathlib
import shutil
import subprocess

import pytest

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


def _throwaway_signing_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


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
        "SERVICELOOP_BADGE_SIGNING_KEY": _throwaway_signing_key(),
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
        # exactly as `make run` starts it (the supervisor's command line)
        argv = devserver.gateway_argv(Settings(host="127.0.0.1", gateway_port=ports["gateway"]))
        assert argv is not None and argv[0] == node_binary
        gateway = subprocess.Popen(argv, cwd=ROOT, env=env)
        processes.append(gateway)
        _wait_until_up(f"http://127.0.0.1:{ports['gateway']}/healthcheck", gateway, "the gateway")
        settings = Settings(env="production", jwt_secret=JWT_SECRET, link_token_secret=LINK_TOKEN_SECRET, database_url=storage["database_url"],
                            redis_url=storage["redis_url"], smtp_host="127.0.0.1",
                            app_base_url="http://x/app", public_base_url="http://x/feedback")

        def token(person: dict) -> str:
            from services.platform.auth.principal import Principal, Role

            principal = Principal(employee_id=person["id"], role=Role(person["role"]), token_version=1)
            return issue_token(principal, settings=settings, now=SystemClock().now())

        yield {"url": urls["gateway"], "subgraphs": urls, "token": token}
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
