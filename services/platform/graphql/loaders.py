"""A request's DataLoaders, each made the first time a resolver of that request asks for it.

A service has a dozen or more loaders and a request uses two or three: making every one of them for every request
(a DataLoader builds its cache, a batch list and a weak set of tasks) cost ~5 % of a `today` request's CPU (py-spy on
the benchmark's server, bench/README.md). Loaders are still one per request: nothing is shared between requests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from strawberry.dataloader import DataLoader

LoaderMakers = Mapping[str, Callable[[], DataLoader]]


class RequestLoaders:
    """`loaders.<name>`: the request's DataLoader of that name, made by its maker on first use."""

    def __init__(self, makers: LoaderMakers) -> None:
        self._makers = makers

    def __getattr__(self, name: str) -> Any:  # only for a name not made yet (then it is an instance attribute)
        try:
            make = self._makers[name]
        except KeyError:
            raise AttributeError(f"no DataLoader named {name!r}") from None
        loader = make()
        setattr(self, name, loader)
        return loader
