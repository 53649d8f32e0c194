"""A request's DataLoaders are made when a resolver first asks for one, once per request (platform/graphql/loaders.py).
That batching still holds through GraphQL is pinned by the statement counts (tests/test_statement_counts.py)."""

from __future__ import annotations

import asyncio
import importlib

import pytest
from strawberry.dataloader import DataLoader

from services.platform.graphql.loaders import RequestLoaders


async def _echo(keys):
    return list(keys)


def test_a_loader_is_made_on_first_use_and_kept_for_that_request_only() -> None:
    made = []

    def make() -> DataLoader:
        made.append("staff")
        return DataLoader(_echo)

    makers = {"staff": make, "unused": make}
    request = RequestLoaders(makers)
    assert made == []  # nothing made for a request that asks for nothing
    first = request.staff
    assert request.staff is first and made == ["staff"]  # one per request: its batches and cache are shared
    assert RequestLoaders(makers).staff is not first  # never shared between requests
    assert made == ["staff", "staff"]
    with pytest.raises(AttributeError, match="no DataLoader named 'stafff'"):
        request.stafff


async def test_loads_through_a_lazily_made_loader_are_batched() -> None:
    batches = []

    async def load(keys):
        batches.append(list(keys))
        return [key * 2 for key in keys]

    request = RequestLoaders({"double": lambda: DataLoader(load)})
    assert await asyncio.gather(request.double.load(1), request.double.load(2)) == [2, 4]
    assert batches == [[1, 2]]


@pytest.mark.parametrize("service", ["learning", "feedback"])
def test_every_service_loader_has_a_maker(service: str) -> None:
    makers = importlib.import_module(f"services.{service}.loaders").MAKERS
    assert len(makers) >= 10
    for name, make in makers.items():
        assert isinstance(make(), DataLoader), name
