"""The DataLoaders of one request, gathered from every domain."""

from __future__ import annotations

from types import SimpleNamespace

from services.platform.runtime import Runtime

from .complaints import graphql as complaints
from .credentials import graphql as credentials
from .directory import graphql as directory
from .intake import graphql as intake
from .loyalty import graphql as loyalty
from .notifications import graphql as notifications
from .privacy import graphql as privacy
from .recognition import graphql as recognition
from .team import graphql as team

DOMAINS = (directory, intake, complaints, loyalty, recognition, privacy, notifications, credentials, team)


def make_loaders(runtime: Runtime) -> SimpleNamespace:
    loaders: dict = {}
    for domain in DOMAINS:
        loaders.update(domain.dataloaders())
    return SimpleNamespace(**loaders)
