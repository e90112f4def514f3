"""How user-typed text is normalised and validated.

Normalisation (documented in docs/protocol.md):
1. Unicode NFC, so "å" typed as a+ring and as one code point are the same note.
2. Line endings become ``\n``; tabs become spaces.
3. Invisible format characters (zero-width spaces/joiners, BOM, bidi
   overrides and isolates) are removed: they let two notes that look the
   same differ, and bidi overrides can make a note display misleadingly.
4. Runs of spaces collapse to one, more than two consecutive line breaks
   collapse to two, and the text is trimmed.
Anything else below U+0020 (control characters) is refused, not silently
dropped, so the person sees why their text was not accepted.
"""
from __future__ import annotations

import re
import unicodedata

from .errors import DomainError

NOTE_MAX_CHARS = 280
TITLE_MAX_CHARS = 120
QUESTION_MAX_CHARS = 300
LABEL_MAX_CHARS = 60
NAME_MAX_CHARS = 40

_INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u3000]+")
_MANY_BREAKS = re.compile(r"\n{3,}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise(raw: object, *, multiline: bool = True) -> str:
    """Return the canonical form of user text, or raise ``DomainError``.

    Raises ``text_invalid`` for non-strings and control characters or lone
    surrogates; callers then check emptiness and length on the result.
    """
    if not isinstance(raw, str):
        raise DomainError("text_invalid")
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if _SURROGATE.search(text):
        raise DomainError("text_invalid")
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    if not multiline:
        text = text.replace("\n", " ")
    if _CONTROL.search(text):
        raise DomainError("text_control_chars")
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _MANY_BREAKS.sub("\n\n", text)
    return text.strip()


def note_text(raw: object) -> str:
    """Validate and normalise the text of a sticky note."""
    text = normalise(raw)
    if not text:
        raise DomainError("note_empty")
    if len(text) > NOTE_MAX_CHARS:
        raise DomainError("note_too_long", limit=NOTE_MAX_CHARS, length=len(text))
    return text


def required_line(raw: object, *, limit: int, empty_code: str, long_code: str) -> str:
    """A required single line (title, question) within ``limit`` characters."""
    text = normalise(raw, multiline=False)
    if not text:
        raise DomainError(empty_code)
    if len(text) > limit:
        raise DomainError(long_code, limit=limit)
    return text


def optional_line(raw: object, *, limit: int, long_code: str) -> str:
    """An optional single line; ``None`` and blank become the empty string."""
    if raw is None:
        return ""
    text = normalise(raw, multiline=False)
    if len(text) > limit:
        raise DomainError(long_code, limit=limit)
    return text
