"""Open what a secret link opens, or answer 404 (the table is ``ROUTES`` in domain/roles.py)."""
from __future__ import annotations

from flask import abort, g

from ..domain.roles import ROUTES, Role
from ..services import series, workshops


def workshop_or_404(endpoint: str, secret: str):
    """The workshop the route's secret opens; 404 for any other secret."""
    (role,) = ROUTES[endpoint]
    workshop = workshops.by_secret(role, secret)
    if workshop is None:
        abort(404)
    g.workshop_language = workshop.language
    return workshop


def series_or_404(endpoint: str, secret: str):
    """The series a series link opens; 404 for any other secret."""
    if ROUTES[endpoint] != frozenset({Role.SERIES}):  # pragma: no cover - a wiring mistake
        abort(404)
    found = series.by_secret(secret)
    if found is None:
        abort(404)
    return found
