"""Open what a secret link opens, or answer 404 (the table is ``ROUTES`` in domain/roles.py)."""
from __future__ import annotations

from flask import abort, g, make_response, render_template
from flask_babel import gettext

from ..domain.roles import ROUTES, Role
from ..messages import error_message
from ..services import links, series, workshops


def workshop_or_404(endpoint: str, secret: str):
    """The workshop the route's secret opens; 410 with the reason for a link that was
    replaced or switched off; 404 for any other secret."""
    (role,) = ROUTES[endpoint]
    workshop = workshops.by_secret(role, secret)
    if workshop is None:
        ended = links.retired(role, secret)
        if ended is None:
            abort(404)
        g.workshop_language = ended.language
        abort(make_response(render_template(
            "error.html", heading=gettext("This link no longer works"),
            message=error_message(ended.code)), 410))
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
