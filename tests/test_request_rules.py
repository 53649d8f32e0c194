"""The services' request extension (services/platform/graphql/limits.py) does the same under strawberry's own
extensions runner and under `StageRunner`, which the services' schemas use to skip strawberry's per-hook wrappers.
(The rules themselves are tested through HTTP in tests/test_graphql_platform.py and tests/test_production_mode.py.)"""

from __future__ import annotations

import pytest
from strawberry.extensions.runner import SchemaExtensionsRunner

from services.learning.schema import build_schema
from services.platform.graphql.limits import StageRunner
from services.platform.settings import Settings

DOCUMENTS = {
    "fine": ("{ __typename }", None),
    "too_many_aliases": ("{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }", None),
    "too_many_tokens": ("{ " + "__typename " * 3001 + "}", None),
    "nul_in_a_variable": ("query Q($x: String) { __typename }", {"x": "a\x00b"}),
    "introspection": ("{ __schema { queryType { name } } }", None),
    "gateway_field": ("{ _service { sdl } }", None),
    "not_graphql": ("{ __typename", None),
}


def _schema(production: bool):
    # Only the rules' own settings matter here: production's without its secrets (model_copy does not validate).
    settings = Settings().model_copy(update={"env": "production"}) if production else Settings()
    assert settings.is_production == production
    return build_schema(settings)


async def _answer(schema, text: str, variables: dict | None) -> dict:
    result = await schema.execute(text, variable_values=variables)
    return {
        "data": result.data,
        "errors": [(e.message, (e.extensions or {}).get("code")) for e in result.errors or []],
    }


@pytest.mark.parametrize("production", [False, True], ids=["development", "production"])
@pytest.mark.parametrize("case", sorted(DOCUMENTS))
async def test_both_runners_give_the_same_answer(case: str, production: bool, monkeypatch) -> None:
    schema = _schema(production)
    assert isinstance(schema.create_extensions_runner(None, schema.get_extensions()), StageRunner)
    text, variables = DOCUMENTS[case]
    staged = await _answer(schema, text, variables)
    with monkeypatch.context() as patch:
        patch.setattr(type(schema), "create_extensions_runner", lambda self, ctx, ext: SchemaExtensionsRunner(ctx, ext))
        strawberrys = await _answer(schema, text, variables)
    assert staged == strawberrys
    if case == "fine":
        assert staged == {"data": {"__typename": "Query"}, "errors": []}
    else:
        assert staged["errors"] or not production and case in {"introspection", "gateway_field"}, staged
