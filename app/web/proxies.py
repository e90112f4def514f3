"""The client's address behind a load balancer, trusted only from the configured proxies.

A client can put anything in ``X-Forwarded-For``. The header means something
only when the request reaches the worker from a proxy we run, and then only
the entries that proxy (and the trusted proxies before it) added. Walking the
list from the right and stopping at the first address that is not one of our
proxies gives the real client: whatever the client itself sent sits further
left and is ignored. Requests from anywhere else keep their socket address.
"""
from __future__ import annotations

import ipaddress

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str | None) -> list[Network]:
    """``"127.0.0.1, 10.0.0.0/8"`` → networks; empty or unset → none (trust no proxy)."""
    return [ipaddress.ip_network(part.strip(), strict=False)
            for part in (text or "").split(",") if part.strip()]


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


class TrustedProxies:
    """WSGI middleware: take the client address from a trusted proxy's ``X-Forwarded-For``."""

    def __init__(self, wsgi_app, networks: list[Network]) -> None:
        self.wsgi_app = wsgi_app
        self.networks = networks

    def trusted(self, address) -> bool:
        """Whether ``address`` (an ip_address or None) is one of our proxies."""
        return address is not None and any(address in net for net in self.networks)

    def client_address(self, peer: str, forwarded: str) -> str:
        """The address to count limits against for a request from ``peer``."""
        current = _address(peer)
        if not self.trusted(current):
            return peer
        for entry in reversed([e for e in forwarded.split(",") if e.strip()]):
            hop = _address(entry)
            if hop is None:
                break  # garbage: keep the last address a trusted proxy vouched for
            current = hop
            if not self.trusted(hop):
                break
        return str(current)

    def __call__(self, environ, start_response):
        peer = environ.get("REMOTE_ADDR", "")
        client = self.client_address(peer, environ.get("HTTP_X_FORWARDED_FOR", ""))
        if client != peer or self.trusted(_address(peer)):
            environ["verksted.proxy_peer"] = peer
            environ["REMOTE_ADDR"] = client
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[-1].strip()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
        return self.wsgi_app(environ, start_response)
