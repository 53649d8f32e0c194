"""The service starts, answers health checks and a signed-in GraphQL query."""

from .support import given_org, token_for


async def test_health_and_readiness(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ready", "database": "ok", "redis": "ok", "down": []}


async def test_me_and_today(api):
    people = await given_org()
    data = await api.ok("{ me { name role } today { date reason minutes lesson { id title cards { title minutes } } } }",
                        token=token_for(people["A1"]))
    assert data["me"] == {"name": "Anu Aas", "role": "employee"}
    assert data["today"]["reason"] == "NEW"
    assert data["today"]["lesson"]["id"]
