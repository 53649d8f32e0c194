"""The client's address: X-Forwarded-For counts only through trusted proxies, read from the right."""

import pytest

from services.platform.client_address import client_address
from services.platform.settings import Settings

NO_PROXIES = Settings()
PROXIES = Settings(trusted_proxies=["10.0.0.0/8", "2001:db8:ffff::/48", "192.0.2.1"])


def scope(*forwarded: str) -> dict:
    """An ASGI scope with the X-Forwarded-For headers given (a request may carry several)."""
    return {"type": "http", "headers": [(b"host", b"x"), *((b"x-forwarded-for", f.encode()) for f in forwarded)]}


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        # no trusted proxies: the header is ignored, whoever sends it
        ("203.0.113.7", ["1.2.3.4"], "203.0.113.7"),
        ("10.0.0.5", ["1.2.3.4"], "10.0.0.5"),
    ],
)
def test_without_trusted_proxies_the_peer_is_the_client(peer, forwarded, expected):
    assert client_address(scope(*forwarded), peer, NO_PROXIES) == expected


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        # an untrusted peer's header is ignored
        ("203.0.113.7", ["1.2.3.4"], "203.0.113.7"),
        # through one proxy: the address it saw
        ("10.0.0.5", ["203.0.113.9"], "203.0.113.9"),
        # the client's own prefix does not count: the right-most address no proxy of ours wrote is taken
        ("10.0.0.5", ["1.2.3.4, 203.0.113.9"], "203.0.113.9"),
        ("10.0.0.5", ["1.2.3.4, 203.0.113.9, 10.1.1.1, 192.0.2.1"], "203.0.113.9"),
        # several header lines are one list, in order
        ("10.0.0.5", ["1.2.3.4", "203.0.113.9, 10.1.1.1"], "203.0.113.9"),
        # only our proxies on the way: the left-most of them
        ("10.0.0.5", ["10.2.2.2, 10.1.1.1"], "10.2.2.2"),
        # no header through a proxy: the proxy
        ("10.0.0.5", [], "10.0.0.5"),
        # garbage in the chain: the hop that passed it on
        ("10.0.0.5", ["not-an-ip, 10.1.1.1"], "10.1.1.1"),
        # ports and IPv6 are understood; an IPv4-mapped peer is its IPv4 address
        ("10.0.0.5", ["203.0.113.9:4711"], "203.0.113.9"),
        ("2001:db8:ffff::1", ["[2001:db8:1::7]:443"], "2001:db8:1::7"),
        ("::ffff:10.0.0.5", ["203.0.113.9"], "203.0.113.9"),
        ("192.0.2.1", ["198.51.100.3"], "198.51.100.3"),
        ("192.0.2.2", ["198.51.100.3"], "192.0.2.2"),
    ],
)
def test_through_trusted_proxies_the_right_most_untrusted_address_is_the_client(peer, forwarded, expected):
    assert client_address(scope(*forwarded), peer, PROXIES) == expected


def test_headers_may_come_as_a_mapping_or_as_pairs():
    assert client_address({"X-Forwarded-For": "1.2.3.4, 203.0.113.9"}, "10.0.0.5", PROXIES) == "203.0.113.9"
    assert client_address([("x-forwarded-for", "203.0.113.9")], "10.0.0.5", PROXIES) == "203.0.113.9"


def test_no_peer_is_unknown():
    assert client_address(scope("1.2.3.4"), None, PROXIES) == "unknown"


def test_a_trusted_proxy_setting_that_is_not_an_address_is_refused_at_start_up():
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 network"):
        Settings(trusted_proxies=["10.0.0.0/8", "the-load-balancer"])
