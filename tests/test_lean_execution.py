"""The services' executor (services/platform/graphql/execution.py) gives the answers and errors graphql-core gives.

Every other GraphQL test runs through it (ServiceSchema uses it); here the same documents run under both executors
on a schema made to hit every branch of the short paths: plain leaves, enums and custom scalars, aliases and
`__typename`, null where it is refused (the error goes up to the nearest nullable parent), a value that is an
exception, lists of leaves with bad items, lists of objects, abstract types, an awaitable attribute, fields with
arguments and resolvers, fragments and @skip / @include.
"""

from __future__ import annotations

import asyncio
import enum
from typing import Any, NewType

import pytest
import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from services.platform.graphql.execution import LeanExecutor

Shouted = NewType("Shouted", str)
CONFIG = StrawberryConfig(
    scalar_map={Shouted: strawberry.scalar(name="Shouted", serialize=lambda value: str(value).upper(), parse_value=str)}
)


@strawberry.enum
class Mood(enum.Enum):
    GLAD = "glad"
    CROSS = "cross"


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Card(Named):
    minutes: int
    mood: Mood | None
    tags: list[str]
    maybe_tags: list[str | None] | None
    loud: Shouted


@strawberry.type
class Plain:
    title: str
    note: str | None


@strawberry.type
class Holder:
    must: str  # non-null: a None here nulls the whole Holder
    may: str | None
    count: int
    broken: str | None  # holds an exception instance
    strict_tags: list[str] | None  # a None item in a list of non-null strings
    numbers: list[int] | None
    pending: str | None  # holds an awaitable
    shouts: list[Shouted | None] | None  # a custom scalar would serialise an exception item: it must not
    plain: Plain
    extra: Plain | None  # a nullable object field: an error inside nulls only it
    cards: list[Card]
    things: list[Named]

    @strawberry.field
    def greeting(self, name: str = "you") -> str:
        return f"hello {name}"

    @strawberry.field
    async def later(self) -> int:
        await asyncio.sleep(0)
        return 7

    @strawberry.field
    def failing(self) -> int | None:
        raise ValueError("no number today")


def _pending() -> asyncio.Future:
    """An awaitable attribute value (a future: no warning when an error leaves it unread)."""
    future = asyncio.get_running_loop().create_future()
    future.set_result("arrived")
    return future


def _holder(
    *,
    must: Any = "yes",
    strict_tags: Any = None,
    numbers: Any = None,
    broken: Any = None,
    maybe_tags: Any = ("x", None),
    shouts: Any = ("hey",),
    plain_title: Any = "t",
    extra_title: Any = "e",
) -> Holder:
    card = Card(name="first", minutes=5, mood=Mood.GLAD, tags=["a", "b"], maybe_tags=list(maybe_tags), loud="quiet")
    return Holder(
        must=must,
        may=None,
        count=3,
        broken=broken,
        strict_tags=strict_tags,
        numbers=numbers,
        pending=_pending(),
        shouts=list(shouts),
        plain=Plain(title=plain_title, note=None),
        extra=Plain(title=extra_title, note="n"),
        cards=[card, Card(name="second", minutes=0, mood=None, tags=[], maybe_tags=None, loud="x")],
        things=[card],
    )


HOLDERS = {
    "fine": lambda: _holder(strict_tags=["p", "q"], numbers=[1, 2, 3]),
    "null_in_non_null": lambda: _holder(must=None),
    "exception_value": lambda: _holder(broken=RuntimeError("broken value")),
    "none_in_strict_list": lambda: _holder(strict_tags=["p", None, "r"]),
    "bad_number_in_list": lambda: _holder(numbers=[1, "two", 3]),
    "exception_in_list": lambda: _holder(numbers=[1, ValueError("bad item")]),
    "wrong_leaf_type": lambda: _holder(must=object()),
    "bad_item_in_nullable_list": lambda: _holder(maybe_tags=("x", object(), None)),
    "exception_in_scalar_list": lambda: _holder(shouts=("hey", ValueError("bad shout"))),
    "null_inside_a_non_null_object": lambda: _holder(plain_title=None),
    "null_inside_a_nullable_object": lambda: _holder(extra_title=None),
}


@strawberry.type
class Query:
    @strawberry.field
    def holder(self, case: str) -> Holder | None:
        return HOLDERS[case]()

    @strawberry.field
    def holders(self, case: str) -> list[Holder | None]:
        return [HOLDERS[case](), HOLDERS["fine"]()]


DOCUMENT = """
query Everything($case: String!, $withCards: Boolean!) {
  __typename
  holder(case: $case) {
    __typename must may count broken strictTags numbers pending shouts
    again: must
    greeting hi: greeting(name: "Mari") later failing
    plain { title note __typename }
    extra { title note }
    cards @include(if: $withCards) { ...CardFields }
    things { __typename name ... on Card { minutes loud } }
  }
  holders(case: $case) { must count plain { title } }
}
fragment CardFields on Card { name minutes mood tags maybeTags loud m: minutes }
"""


def _schema(executor: type) -> strawberry.Schema:
    return strawberry.Schema(query=Query, types=[Card], execution_context_class=executor, config=CONFIG)


async def _run(executor: type, case: str, with_cards: bool = True) -> dict:
    result = await _schema(executor).execute(DOCUMENT, variable_values={"case": case, "withCards": with_cards})
    return {"data": result.data, "errors": sorted((e.formatted for e in result.errors or []), key=str)}


@pytest.mark.parametrize("case", sorted(HOLDERS))
async def test_the_same_answer_and_errors_as_graphql_core(case: str) -> None:
    expected = await _run(StrawberryGraphQLCoreExecutionContext, case)
    assert await _run(LeanExecutor, case) == expected


async def test_the_cases_do_reach_the_branches_they_are_named_for() -> None:
    """The comparison above would pass on two wrong answers: pin what graphql-core says for a few of them."""
    fine = await _run(LeanExecutor, "fine")
    assert [(e["message"], e["path"]) for e in fine["errors"]] == [("no number today", ["holder", "failing"])]
    holder = fine["data"]["holder"]
    assert holder["again"] == "yes" and holder["hi"] == "hello Mari" and holder["later"] == 7
    assert holder["pending"] == "arrived" and holder["plain"] == {"title": "t", "note": None, "__typename": "Plain"}
    assert holder["cards"][0]["mood"] == "GLAD" and holder["cards"][0]["loud"] == "QUIET"
    assert holder["cards"][0]["maybeTags"] == ["x", None] and holder["cards"][1]["maybeTags"] is None
    assert holder["things"] == [{"__typename": "Card", "name": "first", "minutes": 5, "loud": "QUIET"}]

    nulled = await _run(LeanExecutor, "null_in_non_null")
    assert nulled["data"]["holder"] is None and nulled["data"]["holders"][0] is None
    assert any(e["path"] == ["holder", "must"] for e in nulled["errors"])

    strict = await _run(LeanExecutor, "none_in_strict_list")
    assert strict["data"]["holder"]["strictTags"] is None
    assert any(e["path"] == ["holder", "strictTags", 1] for e in strict["errors"])

    bad = await _run(LeanExecutor, "bad_number_in_list")
    assert bad["data"]["holder"]["numbers"] is None  # [Int!]: one bad item nulls the list
    assert any(e["path"] == ["holder", "numbers", 1] for e in bad["errors"])

    item = await _run(LeanExecutor, "bad_item_in_nullable_list")
    assert item["data"]["holder"]["cards"][0]["maybeTags"] == ["x", None, None]  # [String]: only that item
    assert any(e["path"] == ["holder", "cards", 0, "maybeTags", 1] for e in item["errors"])

    inner = await _run(LeanExecutor, "null_inside_a_non_null_object")
    assert inner["data"]["holder"] is None  # Plain! cannot be null: the error goes up to the holder
    assert any(e["path"] == ["holder", "plain", "title"] for e in inner["errors"])
    nullable = await _run(LeanExecutor, "null_inside_a_nullable_object")
    assert nullable["data"]["holder"]["extra"] is None and nullable["data"]["holder"]["must"] == "yes"
    assert fine["data"]["holder"]["extra"] == {"title": "e", "note": "n"}

    shouted = await _run(LeanExecutor, "exception_in_scalar_list")
    assert fine["data"]["holder"]["shouts"] == ["HEY"] and shouted["data"]["holder"]["shouts"] == ["HEY", None]
    assert any(e["message"] == "bad shout" and e["path"] == ["holder", "shouts", 1] for e in shouted["errors"])

    raised = await _run(LeanExecutor, "exception_value")
    assert raised["data"]["holder"]["broken"] is None
    assert {"message": "broken value", "path": ["holder", "broken"]}.items() <= next(
        e for e in raised["errors"] if e["path"] == ["holder", "broken"]
    ).items()


async def test_skipped_fields_stay_out() -> None:
    expected = await _run(StrawberryGraphQLCoreExecutionContext, "fine", with_cards=False)
    answer = await _run(LeanExecutor, "fine", with_cards=False)
    assert answer == expected and "cards" not in answer["data"]["holder"]


def test_the_services_schemas_use_it() -> None:
    from services.feedback.schema import build_schema as feedback_schema
    from services.learning.schema import build_schema as learning_schema
    from services.platform.settings import get_settings

    for build in (learning_schema, feedback_schema):
        assert build(get_settings()).execution_context_class is LeanExecutor


async def test_a_custom_default_resolver_is_still_used() -> None:
    """Basic fields are read with C's attrgetter only when strawberry would use getattr; another default resolver
    keeps being called."""

    def shouting(source: Any, name: str) -> Any:
        value = getattr(source, name)
        return value.upper() if isinstance(value, str) else value

    answers = []
    for executor in (StrawberryGraphQLCoreExecutionContext, LeanExecutor):
        config = StrawberryConfig(scalar_map=CONFIG.scalar_map, default_resolver=shouting)
        schema = strawberry.Schema(query=Query, types=[Card], execution_context_class=executor, config=config)
        result = await schema.execute('{ holder(case: "fine") { must plain { title } cards { name tags } } }')
        answers.append((result.data, result.errors))
    assert answers[0] == answers[1]
    assert answers[1][0]["holder"]["must"] == "YES" and answers[1][0]["holder"]["cards"][0]["name"] == "FIRST"
