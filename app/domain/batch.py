"""Many notes at once: the facilitator types in the paper notes collected in the room.

The whole batch is checked before any note is stored, so a bad line changes
nothing; the error names the line, counted from 1 as the facilitator sees it.
"""
from __future__ import annotations

from .errors import DomainError
from .ids import client_id
from .text import note_text

MAX_BATCH_NOTES = 200

# A line's own problem, said with the line's number.
_LINE_CODES = {
    "note_empty": "batch_line_empty",
    "note_too_long": "batch_line_too_long",
    "text_invalid": "batch_line_unreadable",
    "text_control_chars": "batch_line_unreadable",
}


def note_batch(raw: object) -> list[tuple[str, str]]:
    """Validate ``[{"text", "cid"}, …]`` and return ``[(text, cid), …]`` normalised.

    Raises ``batch_empty``, ``batch_too_many``, ``batch_line_*`` (with ``line``),
    ``client_id_invalid`` or ``payload_invalid`` (a client id used twice).
    """
    if not isinstance(raw, list) or not raw:
        raise DomainError("batch_empty")
    if len(raw) > MAX_BATCH_NOTES:
        raise DomainError("batch_too_many", limit=MAX_BATCH_NOTES)
    seen: set[str] = set()
    notes: list[tuple[str, str]] = []
    for line, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise DomainError("payload_invalid")
        cid = client_id(item.get("cid"))
        if cid in seen:
            raise DomainError("payload_invalid")
        seen.add(cid)
        try:
            text = note_text(item.get("text"))
        except DomainError as error:
            raise DomainError(_LINE_CODES[error.code], line=line, **error.params) from None
        notes.append((text, cid))
    return notes
