"""Adding many notes in one step (the facilitator's "paste many notes").

Each note is posted through ``notes.create``, the same path as a note from a
phone: the same rules, the same broadcasts, the same idempotent client ids,
and whatever batching of commits that path does.
"""
from __future__ import annotations

from ..domain import batch, phases
from ..domain.errors import DomainError
from ..domain.roles import Principal
from ..store import db, flow, queries
from . import notes
from .unit import board_id_for


def create_many(principal: Principal, board_id: object, raw_notes: object) -> dict:
    """Post every note of a batch, or none if any line is refused.

    The batch is validated whole, and the board's phase checked, before the
    first note is stored. A repeated batch (same client ids) stores nothing
    twice, so a retry after a lost acknowledgement completes the batch.
    """
    items = batch.note_batch(raw_notes)
    board = board_id_for(principal, board_id)
    with db.session() as session:
        row = queries.board_in_workshop(session, principal.workshop_id, board)
        if row is None:
            raise DomainError("board_unknown")
        phases.require_can_post(flow.rules_of(row), principal.role)
    posted = [notes.create(principal, board, text, cid) for text, cid in items]
    return {"board_id": board, "notes": [result["note"] for result in posted],
            "created": sum(1 for result in posted if not result.get("duplicate")),
            "duplicates": sum(1 for result in posted if result.get("duplicate"))}
