"""The GraphQL contract: exported schema in sync, limits, stable error codes, no internals leaked, local IDE."""

import pathlib

import pytest

from services.learning.schema import build_schema
from services.platform.settings import Settings

from .support import given_org, throwaway_vapid_key, token_for

ROOT = pathlib.Path(__file__).resolve().parents[1]
GATEWAY_SECRET = "the-gateway-secret-of-this-test-0123456789"


@pytest.mark.parametrize("service", ["learning", "feedback"])
def test_schema_files_match_the_code(service):
    import importlib

    exported = importlib.import_module(f"services.{service}.schema").build_schema().as_str() + "\n"
    on_disk = (ROOT / "schema" / f"{service}.graphql").read_text(encoding="utf-8")
    assert on_disk == exported, f"schema/{service}.graphql is stale: run `make schema` and review the diff"


def test_employee_is_a_federation_entity_keyed_by_id():
    sdl = build_schema().as_str()
    assert 'type Employee @key(fields: "id")' in sdl
    assert "federation/v2" in sdl


async def test_too_deep_queries_are_refused(api):
    people = await given_org()
    deep = "{ me " + "{ manager " * 13 + "{ name }" + " }" * 13 + " }"
    error = await api.error(deep, token=token_for(people["A1"]))
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "depth" in error["message"]


async def test_too_many_aliases_are_refused(api):
    people = await given_org()
    query = "{ " + " ".join(f"a{i}: me {{ name }}" for i in range(31)) + " }"
    assert await api.code(query, token=token_for(people["A1"])) == "GRAPHQL_VALIDATION_FAILED"


async def test_pages_are_capped_at_100(api):
    people = await given_org()
    token = token_for(people["HR1"])
    error = await api.error("{ employees(first: 101) { items { id } } }", token=token)
    assert error["extensions"] == {"code": "PAGE_SIZE_OUT_OF_RANGE", "maximum": 100}
    data = await api.ok("{ employees(first: 100) { items { id } } }", token=token)
    assert len(data["employees"]["items"]) == 8


async def test_cursor_pagination_walks_every_employee_once(api):
    people = await given_org()
    token = token_for(people["CEO"])
    seen, after = [], None
    while True:
        page = (await api.ok(
            "query($after: String) { employees(first: 3, after: $after) { items { hrId } pageInfo { endCursor hasNextPage } } }",
            {"after": after}, token=token))["employees"]
        seen += [i["hrId"] for i in page["items"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(people)
    assert await api.code("{ employees(after: \"%%%\") { items { id } } }", token=token) == "INVALID_CURSOR"


async def test_unexpected_errors_are_masked_with_a_code(api, monkeypatch):
    from services.learning.progress import service

    async def broken(**_):
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr(service, "daily_plan", broken)
    people = await given_org()
    error = await api.error("{ today { date } }", token=token_for(people["A1"]))
    assert error["message"] == "Internal server error."
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "hunter2" not in str(error)


async def test_bad_variables_and_syntax_get_codes(api):
    people = await given_org()
    token = token_for(people["A1"])
    assert await api.code("{ me { name ", token=token) == "GRAPHQL_VALIDATION_FAILED"
    assert await api.code("{ me { nope } }", token=token) == "GRAPHQL_VALIDATION_FAILED"
    code = await api.code("query($f: Int!) { employees(first: $f) { items { id } } }", {"f": "x"}, token=token)
    assert code in {"BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"}


async def test_the_ide_is_served_from_local_assets(client):
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.text
    assert "/graphql-ide/graphiql.min.js" in html
    for cdn in ("unpkg.com", "jsdelivr", "cdnjs", "https://"):
        assert cdn not in html
    for asset in ("graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js"):
        response = await client.get(f"/graphql-ide/{asset}")
        assert response.status_code == 200 and len(response.content) > 1000, asset


def production_settings() -> Settings:
    return Settings(
        env="production",
        database_url="postgresql://nobody@127.0.0.1:1/none",
        redis_url="redis://127.0.0.1:1/0",
        jwt_secret="a-real-secret-for-this-test-only-0123456789",
        link_token_secret="the-link-token-secret-of-this-test-0123456789",
        smtp_host="mail.example.invalid",
        app_base_url="https://staff.example.invalid/app",
        public_base_url="https://feedback.example.invalid/feedback",
        gateway_secret=GATEWAY_SECRET,
        vapid_private_key=throwaway_vapid_key(),
    )


async def test_production_turns_introspection_off():
    schema = build_schema(production_settings())
    result = await schema.execute("{ __schema { types { name } } }")
    assert result.errors and "introspection" in result.errors[0].message.lower()


async def test_production_serves_no_ide():
    import httpx

    from services.learning.app import create_app

    app = create_app(settings=production_settings())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        page = await http.get("/graphql", headers={"Accept": "text/html"})
        assert "graphiql" not in page.text.lower()
        assert (await http.get("/graphql-ide/graphiql.min.js")).status_code == 404


def test_production_refuses_the_development_secret():
    with pytest.raises(ValueError, match="JWT_SECRET"):
        Settings(env="production", database_url="postgresql://x/y", redis_url="redis://x")


async def test_repeated_queries_are_validated_once(api, monkeypatch):
    """A query seen before is neither parsed nor validated again (graphql/persisted.py's document cache)."""
    import strawberry.schema.schema as strawberry_schema

    from services.platform.graphql import persisted

    people = await given_org()
    token = token_for(people["A1"])
    query = "{ me { name manager { name } } }"
    await api.ok(query, token=token)
    calls = []
    real_parse, real_validate = persisted.parse, strawberry_schema.validate_document
    monkeypatch.setattr(persisted, "parse", lambda *a, **k: calls.append("parse") or real_parse(*a, **k))
    monkeypatch.setattr(strawberry_schema, "validate_document",
                        lambda *a, **k: calls.append("validate") or real_validate(*a, **k))
    for _ in range(5):
        await api.ok(query, token=token)
    assert calls == []
    await api.ok("query NeverSentBefore { me { name } }", token=token)  # a new text: once each
    assert calls == ["parse", "validate"]
