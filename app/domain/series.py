"""Rules for a series of workshops: its title, and reading a pasted facilitator link."""
from __future__ import annotations

import re

from . import text

SERIES_TITLE_MAX_CHARS = text.TITLE_MAX_CHARS

_FACILITATOR_PATH = re.compile(r"/f/([A-Za-z0-9_-]{16,99})/?(?:[?#].*)?$")
_BARE_SECRET = re.compile(r"[A-Za-z0-9_-]{16,99}")


def title(raw: object) -> str:
    """A series title: one required line (``title_empty``, ``title_too_long``)."""
    return text.required_line(raw, limit=SERIES_TITLE_MAX_CHARS,
                              empty_code="title_empty", long_code="title_too_long")


def stakeholder(raw: object) -> str:
    """The stakeholder group of a workshop made in a series (may be empty)."""
    return text.optional_line(raw, limit=text.LABEL_MAX_CHARS, long_code="label_too_long")


def facilitator_secret(raw: object) -> str | None:
    """The secret in a pasted facilitator link (``https://…/f/<secret>``) or a bare secret.

    Returns ``None`` for anything else, such as a projector or join link, so
    only the facilitator's link can bring a workshop into a series.
    """
    if not isinstance(raw, str):
        return None
    pasted = raw.strip()
    match = _FACILITATOR_PATH.search(pasted)
    if match:
        return match.group(1)
    return pasted if _BARE_SECRET.fullmatch(pasted) else None


def workshop_title(series_title: str, stakeholder: str) -> str:
    """The title of a workshop made in a series: "<series> – <stakeholder group>"."""
    full = f"{series_title} – {stakeholder}" if stakeholder else series_title
    return full if len(full) <= text.TITLE_MAX_CHARS else series_title
