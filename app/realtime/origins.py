"""Which web pages may open a socket: the app's own origin, and its public URL.

Browsers send cookies with a WebSocket handshake to any page's script, so a
page on another origin (even of the same site) could otherwise open a
participant's socket with their cookie and act as them. Engine.IO asks this
check about every handshake that carries an ``Origin`` header; clients that
send none (not browsers) prove themselves by their credentials alone.
"""
from __future__ import annotations

from urllib.parse import urlsplit


def origin_of(url: str | None) -> str | None:
    """``scheme://host[:port]`` of a URL, or ``None``."""
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def checker(public_url: str | None):
    """A ``cors_allowed_origins`` callable for Engine.IO.

    The request's own origin is read from the WSGI environ, which ProxyFix has
    already corrected when the app is configured to trust a proxy.
    """
    public = origin_of(public_url)

    def allowed(origin: str | None, environ: dict) -> bool:
        if not origin:
            return True
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        return origin in (own, public)

    return allowed
