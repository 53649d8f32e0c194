"""The client's address: the TCP peer, or what trusted proxies say in X-Forwarded-For (and nothing else does).

Rate limits and sign-in throttling key on it, so a header anyone can send must not choose it: X-Forwarded-For
is read only when the peer is one of `SERVICELOOP_TRUSTED_PROXIES`, and then from the right, skipping our own
proxies, because each proxy appends the address it saw and only the right-most untrusted entry was written by
someone we trust. (uvicorn runs with --no-proxy-headers, so the peer is the real TCP peer.)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

from .settings import Settings

UNKNOWN = "unknown"
_HEADER = "x-forwarded-for"


def client_address(request_scope_or_headers: Any, peer: str | None, settings: Settings) -> str:
    """The address to account a request to. `request_scope_or_headers`: an ASGI scope, header pairs or a mapping."""
    hop = _ip(peer)
    if hop is None:
        return peer or UNKNOWN
    trusted = settings.trusted_proxy_networks
    if not _is_trusted(hop, trusted):
        return str(hop)
    for entry in reversed(_forwarded_for(request_scope_or_headers)):
        address = _ip(entry)
        if address is None:
            # A malformed entry was not written by a proxy of ours: the hop that passed it on is the client.
            return str(hop)
        hop = address
        if not _is_trusted(hop, trusted):
            return str(hop)
    return str(hop)


def _is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, trusted) -> bool:
    return any(address in network for network in trusted)


def _ip(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not text:
        return None
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:4711"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _forwarded_for(source: Any) -> list[str]:
    """Every X-Forwarded-For entry, left to right, over all the header's occurrences."""
    if isinstance(source, Mapping) and "headers" in source and not isinstance(source.get("headers"), str):
        source = source["headers"]  # an ASGI scope
    if isinstance(source, Mapping):
        getall = getattr(source, "getall", None)
        values = list(getall(_HEADER, [])) if getall else [v for k, v in source.items() if k.lower() == _HEADER]
    else:
        values = [v for k, v in _pairs(source) if k.lower() == _HEADER]
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _pairs(headers: Iterable[tuple[Any, Any]]) -> Iterable[tuple[str, str]]:
    for name, value in headers:
        yield (
            name.decode("latin-1") if isinstance(name, bytes) else name,
            value.decode("latin-1") if isinstance(value, bytes) else value,
        )
