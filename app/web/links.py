"""Absolute links that are handed to other devices (join URL, projector URL)."""
from __future__ import annotations

from flask import current_app, request, url_for


def external(endpoint: str, **values) -> str:
    """An absolute URL, on ``PUBLIC_URL`` when set (so phones reach the LAN address)."""
    path = url_for(endpoint, **values)
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return base.rstrip("/") + path


def join_url(join_code: str) -> str:
    """The link the QR code carries."""
    return external("main.join", code=join_code)
