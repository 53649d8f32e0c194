"""Given-helpers for tests: an org chart through the importer, tokens for its people, GraphQL calls."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import uuid
from typing import Any

import httpx

from services.platform.auth.principal import Principal, Role
from services.platform.auth.tokens import issue_token
from services.platform.clock import SystemClock
from services.platform.database import STATEMENTS
from services.platform.settings import get_settings

HEADER = "hr_id,name,email,job_title,role_family,manager_hr_id,locale,time_zone,role"

# A small company: CEO (admin) -> HR lead, two managers; manager A -> team lead (manager) -> two staff.
STANDARD_ORG = [
    ("CEO", "Kadri Kask", "ceo@test.ee", "Chief executive", "ceo", "", "et", "Europe/Tallinn", "admin"),
    ("HR1", "Helen Hunt", "hr@test.ee", "HR lead", "hr", "CEO", "en", "Europe/Tallinn", "hr"),
    ("MA", "Mart Mets", "ma@test.ee", "Store manager", "manager", "CEO", "et", "Europe/Tallinn", "manager"),
    ("LA", "Liis Lepp", "la@test.ee", "Shift lead", "manager", "MA", "et", "Europe/Tallinn", "manager"),
    ("A1", "Anu Aas", "a1@test.ee", "Cashier", "cashier", "LA", "et", "Europe/Tallinn", "employee"),
    ("A2", "Andres Allik", "a2@test.ee", "Cleaner", "cleaner", "LA", "en", "Europe/London", "employee"),
    ("MB", "Marko Mänd", "mb@test.ee", "Logistics manager", "manager", "CEO", "et", "Europe/Tallinn", "manager"),
    ("B1", "Birgit Berg", "b1@test.ee", "Warehouse worker", "logistics", "MB", "et", "America/New_York", "employee"),
]


def org_csv(rows=STANDARD_ORG, *, header: str = HEADER) -> str:
    return header + "\n" + "\n".join(",".join(r) for r in rows) + "\n"


async def given_org(rows=STANDARD_ORG) -> dict[str, dict]:
    """Import the org through the importer (the service layer); return employees by hr_id."""
    from services.learning.directory import importer
    from services.learning.directory.tables import Employee

    report = await importer.run_import(org_csv(rows), dry_run=False, now=SystemClock().now())
    assert not report.errors, report.errors
    people = await Employee.select()
    return {p["hr_id"]: p for p in people}


def token_for(employee: dict) -> str:
    principal = Principal(
        employee_id=employee["id"], role=Role(employee["role"]), token_version=employee.get("token_version", 1)
    )
    return issue_token(principal, settings=get_settings(), now=SystemClock().now())


def new_id() -> str:
    return str(uuid.uuid4())


class Api:
    """Posts GraphQL operations to the app under test."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def call(self, query: str, variables: dict | None = None, *, token: str | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def ok(self, query: str, variables: dict | None = None, *, token: str | None = None) -> dict[str, Any]:
        body = await self.call(query, variables, token=token)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    async def error(self, query: str, variables: dict | None = None, *, token: str | None = None) -> dict[str, Any]:
        body = await self.call(query, variables, token=token)
        assert body.get("errors"), body
        return body["errors"][0]

    async def code(self, query: str, variables: dict | None = None, *, token: str | None = None) -> str:
        return (await self.error(query, variables, token=token))["extensions"]["code"]


@contextlib.asynccontextmanager
async def count_statements():
    """Collect the SQL statements sent by pooled connections inside the block."""
    with STATEMENTS.capture() as statements:
        yield statements
        await asyncio.sleep(0)
        await asyncio.sleep(0)


async def given_replica(people: dict[str, dict]) -> None:
    """Announce the people to the feedback service's directory replica (as the employee events would)."""
    from services.feedback.directory.service import apply_announcement
    from services.learning.directory.events import employee_event

    for person in people.values():
        await apply_announcement(employee=employee_event(person)[1])


async def run_worker(service: str, redis_url: str, clock) -> None:
    """Run a service's arq worker in burst mode until its queue is empty."""
    import importlib

    from arq.worker import Worker

    module = importlib.import_module(f"services.{service}.worker")
    options = module.options(redis_url, get_settings(), clock)
    options["handle_signals"] = False
    worker = Worker(**options, burst=True)
    try:
        await worker.async_run()
    finally:
        await worker.close()


@functools.lru_cache(maxsize=1)
def throwaway_signing_key() -> str:
    """An RSA key for a production-mode app in a test (production refuses to start without a badge signing key)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@functools.lru_cache(maxsize=1)
def throwaway_vapid_key() -> str:
    """An EC P-256 key for a production-mode learning app in a test (production refuses to start without a VAPID
    key)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def production_settings(*, gateway_secret: str, **overrides: Any):
    """Settings of a production-mode app that starts (a key per purpose, mail, public URLs) and reaches no storage."""
    from services.platform.settings import Settings

    return Settings(**{
        "env": "production",
        "database_url": "postgresql://nobody@127.0.0.1:1/none",
        "redis_url": "redis://127.0.0.1:1/0",
        "jwt_secret": "a-real-secret-for-this-test-only-0123456789",
        "link_token_secret": "the-link-token-secret-of-this-test-0123456789",
        "gateway_secret": gateway_secret,
        "badge_signing_key": throwaway_signing_key(),
        "vapid_private_key": throwaway_vapid_key(),
        "smtp_host": "mail.example.invalid",
        "app_base_url": "https://staff.example.invalid/app",
        "public_base_url": "https://feedback.example.invalid/feedback",
        **overrides,
    })
