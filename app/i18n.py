"""Language choice: explicit choice, then the workshop's language, then the browser.

Browsers in Norway often send ``no`` or ``no-NO``, which Werkzeug's
``best_match`` does not map to Bokmål; we do that mapping here.
"""
from __future__ import annotations

from flask import g, request

SUPPORTED = ("nb", "nn", "en")
DEFAULT = "nb"
COOKIE = "lang"
_ALIASES = {"no": "nb", "nb": "nb", "nn": "nn", "en": "en"}
NAMES = {"nb": "Norsk (bokmål)", "nn": "Norsk (nynorsk)", "en": "English"}


def from_accept_language(header_values) -> str | None:
    """The best supported language in an Accept-Language header, by quality."""
    for value, _quality in header_values:
        primary = value.lower().replace("_", "-").split("-")[0]
        if primary in _ALIASES:
            return _ALIASES[primary]
    return None


def choose_locale() -> str:
    """Flask-Babel's locale selector."""
    asked = request.args.get("lang") or request.cookies.get(COOKIE)
    if asked in SUPPORTED:
        return asked
    workshop_language = getattr(g, "workshop_language", None)
    if workshop_language in SUPPORTED:
        return workshop_language
    return from_accept_language(request.accept_languages) or DEFAULT


def remember_choice(response):
    """After-request hook: keep an explicit ``?lang=`` choice in a cookie."""
    asked = request.args.get("lang")
    if asked in SUPPORTED and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600,
                            samesite="Lax", httponly=True)
    return response
