"""Persisted documents: the apps' operations live in frontend/operations/, the manifest and the apps' id modules are
generated from them (and kept current), and a subgraph runs a document named by its id, parsed and validated
once. The gateway's side is in tests/test_one_graph.py."""

from __future__ import annotations

import json
import pathlib

import httpx
import pytest

from services.platform.graphql import persisted
from services.platform.settings import Settings

from .support import given_org, production_settings, token_for

MANIFEST = json.loads(persisted.MANIFEST_PATH.read_text(encoding="utf-8"))
GATEWAY_SECRET = "gateway-secret-of-the-persisted-tests-0123456789"


ROOT = pathlib.Path(__file__).resolve().parents[1]


def operation_id(client: str, name: str) -> str:
    text = (persisted.OPERATIONS_DIR / client / f"{name}.graphql").read_text(encoding="utf-8")
    return persisted.document_id(text)


async def post(client: httpx.AsyncClient, body: dict, *, token: str | None = None, headers=None) -> httpx.Response:
    sent = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post("/graphql", json=body, headers={**sent, **(headers or {})})


def test_the_manifest_and_the_apps_id_modules_are_what_the_operation_files_make():
    # when the generator runs over frontend/operations/ now, then every file on disk is what it would write
    for path, text in persisted.generated_files().items():
        assert path.exists(), f"{path} is missing: run `make schema`"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run `make schema` and review the diff"


def test_the_ids_are_the_sha256_of_the_operation_files():
    assert MANIFEST[operation_id("staff", "Today")].startswith("query Today(")
    assert all(key.startswith("sha256:") and len(key) == 71 for key in MANIFEST)


@pytest.mark.parametrize("folder", ["staff", "public"])
def test_every_operation_an_app_sends_is_valid_on_the_composed_graph(folder):
    # the apps talk to the gateway only: an operation may span both services
    from graphql import build_schema, parse, validate

    schema = build_schema((ROOT / "schema" / "supergraph.graphql").read_text(encoding="utf-8"))
    files = sorted((persisted.OPERATIONS_DIR / folder).glob("*.graphql"))
    assert files
    for path in files:
        assert validate(schema, parse(path.read_text(encoding="utf-8"))) == [], path.name


async def test_a_subgraph_answers_a_document_named_by_its_id_as_it_answers_its_text(api):
    # given an employee
    people = await given_org()
    token = token_for(people["A1"])
    text = MANIFEST[operation_id("staff", "Today")]
    variables = {"l": "EN"}

    # when the staff app asks for today by id (the GraphQL-over-HTTP `documentId`, and Apollo's hash extension)
    by_text = (await post(api.client, {"query": text, "variables": variables}, token=token)).json()
    by_id = (await post(api.client, {"documentId": operation_id("staff", "Today"), "variables": variables},
                        token=token)).json()
    apq = {"persistedQuery": {"version": 1, "sha256Hash": operation_id("staff", "Today").removeprefix("sha256:")}}
    by_hash = (await post(api.client, {"extensions": apq, "variables": variables}, token=token)).json()
    by_get = (await api.client.get("/graphql", params={
        "documentId": operation_id("staff", "Me")}, headers={"Authorization": f"Bearer {token}"})).json()

    # then the answers are the same
    assert not by_text.get("errors"), by_text
    assert by_id == by_text and by_hash == by_text
    assert by_text["data"]["today"]["lesson"]["id"]
    assert by_get["data"]["me"]["name"] == "Anu Aas"


async def test_an_unknown_id_is_refused_with_a_code(api):
    for body in ({"documentId": "sha256:" + "0" * 64}, {"documentId": "Today"}, {"documentId": 12},
                 {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "f" * 64}}}):
        response = await post(api.client, body)
        assert response.status_code == 400, body
        assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_DOCUMENT_NOT_FOUND", body


async def test_a_persisted_document_is_parsed_and_validated_once(storage, clock, monkeypatch):
    import strawberry.schema.schema as strawberry_schema

    from services.learning.app import create_app

    # given a freshly started subgraph, with the parser and the validator counted
    calls = {"parse": 0, "validate": 0}
    real_parse, real_validate = persisted.parse, strawberry_schema.validate_document

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(persisted, "parse", counted("parse", real_parse))
    monkeypatch.setattr(strawberry_schema, "validate_document", counted("validate", real_validate))
    people = await given_org()
    token = token_for(people["A1"])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(clock=clock)),
                                 base_url="http://test") as http:
        # when the same document is asked for by id three times
        answers = [(await post(http, {"documentId": operation_id("staff", "Me")}, token=token)).json()
                   for _ in range(3)]

        # then it ran each time, but was parsed and validated once
        assert all(a["data"]["me"]["name"] == "Anu Aas" for a in answers), answers
        assert calls == {"parse": 1, "validate": 1}
        # and a text the manifest does not hold is parsed and validated once too, then served from the cache
        for _ in range(2):
            body = (await post(http, {"query": "query Other { me { name } }"}, token=token)).json()
            assert body["data"]["me"]["name"] == "Anu Aas"
        assert calls == {"parse": 2, "validate": 2}


def production(**overrides) -> Settings:
    return production_settings(**{"gateway_secret": GATEWAY_SECRET, **overrides})


@pytest.mark.parametrize("service", ["learning", "feedback"])
async def test_a_subgraph_set_to_persisted_documents_only_refuses_text_but_not_from_the_gateway(service):
    import importlib

    # given a production subgraph whose operators refuse arbitrary documents
    app = importlib.import_module(f"services.{service}.app").create_app(settings=production(arbitrary_documents=False))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        # when a client sends text, then it is refused before anything runs
        refused = (await post(http, {"query": "{ __typename }"})).json()
        assert refused["data"] is None
        assert refused["errors"][0]["extensions"]["code"] == "PERSISTED_DOCUMENTS_ONLY"
        # when it sends a persisted document's id, then the document runs (and asks for a sign-in)
        client = "staff" if service == "learning" else "public"
        name = "Me" if service == "learning" else "PublicSurvey"
        ran = (await post(http, {"documentId": operation_id(client, name), "variables": {"t": "x"}})).json()
        assert ran["errors"][0]["extensions"]["code"] != "PERSISTED_DOCUMENTS_ONLY"
        # when the gateway sends its query plan's text with its secret, then it runs
        planned = (await post(http, {"query": "{ __typename }"},
                              headers={"X-Serviceloop-Gateway-Secret": GATEWAY_SECRET})).json()
        assert planned == {"data": {"__typename": "Query"}}


def test_arbitrary_documents_are_for_development_unless_the_operators_say_otherwise():
    assert Settings(env="development").gateway_allows_arbitrary_documents
    assert not production().gateway_allows_arbitrary_documents
    assert production(arbitrary_documents=True).gateway_allows_arbitrary_documents
    assert not production().subgraphs_refuse_text
    assert production(arbitrary_documents=False).subgraphs_refuse_text
