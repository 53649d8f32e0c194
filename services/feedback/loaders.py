"""The DataLoaders of one request, gathered from every domain (each made on first use:
services/platform/graphql/loaders.py)."""

from __future__ import annotations

from services.platform.graphql.loaders import RequestLoaders
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


MAKERS = {name: make for domain in DOMAINS for name, make in domain.dataloaders().items()}


def make_loaders(runtime: Runtime) -> RequestLoaders:
    return RequestLoaders(MAKERS)
