"""The public, sign-in-free addresses verifiers use: the issuer profile, each achievement, the issuer's JWKS."""

from __future__ import annotations

from litestar import Request, get
from litestar.exceptions import NotFoundException

from ..recognition.badges import BADGES
from . import service, signing

# Verifiers may keep these for five minutes.
CACHE = {"Cache-Control": "public, max-age=300"}


def _settings(request: Request):
    return request.app.state.runtime.settings


@get(service.ISSUER_PATH, media_type="application/json", response_headers=CACHE, sync_to_thread=False)
def issuer_profile(request: Request) -> dict:
    """The issuer's OB 3.0 Profile."""
    return service.issuer_profile(_settings(request))


@get(service.ACHIEVEMENT_PATH + "/{key:str}", media_type="application/json", response_headers=CACHE,
     sync_to_thread=False)
def achievement(request: Request, key: str) -> dict:
    """One badge's Achievement, at the id credentials name."""
    if key not in BADGES:
        raise NotFoundException("No such achievement.")
    return {"@context": [service.VC_CONTEXT, service.OB_CONTEXT],
            **service.achievement(BADGES[key], _settings(request))}


@get(service.JWKS_PATH, media_type="application/json", response_headers=CACHE, sync_to_thread=False)
def jwks(request: Request) -> dict:
    """The issuer's public keys, by kid."""
    return signing.jwks(_settings(request))


ROUTES = [issuer_profile, achievement, jwks]
