"""Badges as Open Badges 3.0 credentials: the OpenBadgeCredential document (W3C VC Data Model 2.0), signed as a
compact VC-JWT (OB 3.0 section 8.2: the credential's members are the JWT claims, with iss, jti and nbf beside
them); who may fetch one; HR's export of a date range.

The holder is named only by a salted SHA-256 of their work e-mail (an IdentityObject): the credential carries no
name and no plain address. The salt is per badge, derived from the badge id with the service secret, so the same
badge always gives the same credential and one employee's credentials cannot be linked by their hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import uuid
from collections.abc import Sequence

import jwt

from services.platform.auth.principal import Principal
from services.platform.errors import NotFound
from services.platform.settings import Settings

from ..directory.policies import can_see_about
from ..directory.tables import StaffMember
from ..recognition.badges import BADGES, BadgeSpec
from ..recognition.tables import Badge
from . import signing

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
ISSUER_PATH = "/badges/issuer"
ACHIEVEMENT_PATH = "/badges/achievements"
JWKS_PATH = "/.well-known/jwks.json"
MAX_EXPORT_PAGE = 100


def _t(table) -> str:
    return table._meta.get_formatted_tablename()


def _instant(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def issuer_id(settings: Settings) -> str:
    return settings.badge_issuer_url + ISSUER_PATH


def issuer_profile(settings: Settings) -> dict:
    """The issuer's Profile, as served at its id (no sign-in)."""
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": issuer_id(settings),
        "type": ["Profile"],
        "name": settings.badge_issuer_name,
        "url": settings.badge_issuer_url,
    }


def achievement(spec: BadgeSpec, settings: Settings) -> dict:
    """The badge's Achievement: what it stands for and how it is earned (English; the OB 3.0 context types the
    narrative as Markdown, which a JSON-LD language map cannot carry, so Estonian stays in the app)."""
    return {
        "id": f"{settings.badge_issuer_url}{ACHIEVEMENT_PATH}/{spec.key}",
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": spec.title,
        "description": spec.description,
        "criteria": {"narrative": spec.description},
        "inLanguage": "en",
        "creator": {"id": issuer_id(settings), "type": ["Profile"], "name": settings.badge_issuer_name},
    }


def salt_for(badge_id: uuid.UUID, settings: Settings) -> str:
    return hmac.new(settings.jwt_secret.get_secret_value().encode(), f"badge-salt:{badge_id}".encode(),
                    hashlib.sha256).hexdigest()[:32]


def identity_hash(email: str, salt: str) -> str:
    """OB's hashed identity: "sha256$" and the hex SHA-256 of the (lower-cased) e-mail followed by the salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def credential(*, badge: dict, email: str, settings: Settings) -> dict:
    """The OpenBadgeCredential of one awarded badge."""
    spec = BADGES[badge["badge"]]
    salt = salt_for(badge["id"], settings)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{badge['id']}",
        "type": list(CREDENTIAL_TYPES),
        "issuer": {"id": issuer_id(settings), "type": ["Profile"], "name": settings.badge_issuer_name},
        "validFrom": _instant(badge["awarded_at"]),
        "name": spec.title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": identity_hash(email, salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }],
            "achievement": achievement(spec, settings),
        },
    }


def sign(document: dict, *, key: signing.SigningKey) -> str:
    """The credential as a compact JWS (RS256), `kid` naming the key in the served JWKS."""
    valid_from = dt.datetime.fromisoformat(document["validFrom"].replace("Z", "+00:00"))
    claims = {**document, "iss": document["issuer"]["id"], "jti": document["id"], "nbf": int(valid_from.timestamp())}
    return jwt.encode(claims, key.private, algorithm=signing.ALGORITHM, headers={"kid": key.kid, "typ": "JWT"})


def issued(rows: list[dict], *, settings: Settings) -> list[dict]:
    """Badge rows (with their holders' e-mail), each with its signed credential."""
    key = signing.load(settings)
    return [{**row, "jwt": sign(credential(badge=row, email=row["email"], settings=settings), key=key)} for row in rows]


def _select() -> str:
    """Badges with their holder's e-mail (hashed into the credential) and place in the org chart (who may see)."""
    return (
        f"SELECT b.id, b.employee, b.badge, b.awarded_at, m.email, m.org_path FROM {_t(Badge)} b "
        f"JOIN {_t(StaffMember)} m ON m.id = b.employee"
    )


async def for_viewer(*, badge_id: uuid.UUID, viewer: Principal, settings: Settings) -> dict:
    """One badge's credential for its holder, the managers above them, HR and admin; BADGE_NOT_FOUND for anyone
    else as for an unknown id, so ids cannot be probed."""
    rows = await Badge.raw(_select() + " WHERE b.id = {}", badge_id)
    if not rows or not can_see_about(viewer, [{"id": rows[0]["employee"], "org_path": rows[0]["org_path"]}]):
        raise NotFound("No such badge.", code="BADGE_NOT_FOUND")
    return issued(rows[:1], settings=settings)[0]


async def export_page(
    *, start: dt.datetime, end: dt.datetime, after: Sequence[str] | None, limit: int, settings: Settings
) -> list[dict]:
    """Badges awarded in [start, end), oldest first, `limit` from after the cursor, each with its credential
    (one statement; the caller checked HR or admin)."""
    sql = _select() + " WHERE b.awarded_at >= {} AND b.awarded_at < {}"
    args: list = [start, end]
    if after:
        sql += " AND (b.awarded_at, b.id) > ({}, {})"
        args += [dt.datetime.fromisoformat(after[0]), uuid.UUID(after[1])]
    rows = await Badge.raw(sql + " ORDER BY b.awarded_at, b.id LIMIT {}", *args, limit)
    return issued(rows, settings=settings)
