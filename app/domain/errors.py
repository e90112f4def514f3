"""The one exception type domain rules raise, identified by a stable code.

The code is what crosses the wire; the web and socket glue turn it into a
translated sentence (see ``app/messages.py``), so the domain never needs a
translation catalogue.
"""
from __future__ import annotations


class DomainError(Exception):
    """A rule was broken; ``code`` names which one, ``params`` fill the message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"DomainError({self.code!r}, {self.params!r})"
