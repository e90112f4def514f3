"""The facilitator's "not this group" for a note (``suggest:dismiss``), per board.

Stored, not kept in a worker's memory, so a dismissal holds after a restart
and whichever worker computes the board's suggestions. Rows go with their
note, group and board (foreign keys ``ON DELETE CASCADE``, and explicitly in
``queries.delete_workshop``).
"""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .models import SuggestionDismissal

LIMIT_PER_BOARD = 10_000  # a runaway client cannot grow a board's list without end


def of_board(session: Session, board_id: int) -> frozenset[tuple[int, int]]:
    """Every dismissed (note id, group id) pair of a board."""
    rows = session.execute(select(SuggestionDismissal.note_id, SuggestionDismissal.group_id)
                           .where(SuggestionDismissal.board_id == board_id))
    return frozenset((note, group) for note, group in rows)


def add(session: Session, board_id: int, note_id: int, group_id: int) -> None:
    """Remember a dismissal once (a repeat, from any worker, changes nothing)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    if len(of_board(session, board_id)) >= LIMIT_PER_BOARD:
        return
    session.execute(insert(SuggestionDismissal).values(
        board_id=board_id, note_id=note_id, group_id=group_id).on_conflict_do_nothing())


def delete_for_boards(session: Session, board_ids) -> None:
    """Forget the dismissals of some boards (``board_ids``: ids or a subquery)."""
    session.execute(delete(SuggestionDismissal).where(
        SuggestionDismissal.board_id.in_(board_ids)))
