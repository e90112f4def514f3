"""CSRF protection for HTML forms: a per-session token checked on every POST."""
from __future__ import annotations

import hmac
import secrets

from flask import abort, request, session

FIELD = "csrf_token"


def csrf_token() -> str:
    """The session's CSRF token, created on first use (templates call this)."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(24)
    return session[FIELD]


def check_csrf() -> None:
    """Before-request hook: refuse a state-changing form without the right token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    expected = session.get(FIELD)
    given = request.form.get(FIELD, "")
    if not expected or not hmac.compare_digest(expected, given):
        abort(400, description="csrf")
