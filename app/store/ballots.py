"""Set-based reads and the one insert for a batch of dots (see domain/ballot.py).

A few statements per batch instead of several per dot, and plain rows (SQLAlchemy
Core), no ORM objects: with a thousand phones voting at once the per-dot Python
work on the one event loop is what limits the server.
"""
from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from ..domain.voting import Item
from .models import Group, Note, Vote, utcnow

_votes = Vote.__table__
_notes = Note.__table__
_groups = Group.__table__


def used_client_ids(session: Session, board_id: int, client_ids: set[str]) -> set[str]:
    """Which of ``client_ids`` already name a dot on this board (by anyone)."""
    if not client_ids:
        return set()
    return set(session.execute(select(_votes.c.client_id).where(
        _votes.c.board_id == board_id, _votes.c.client_id.in_(client_ids))).scalars())


def dots_of_voters(session: Session, board_id: int,
                   participant_ids: set[int]) -> dict[int, list[tuple[Item, Item]]]:
    """Per voter, ``(item placed on, item it counts for now)`` oldest first: a dot on a
    note grouped since counts for the group (as ``flow.effective_dots``)."""
    rows = session.execute(
        select(_votes.c.participant_id, _votes.c.item_kind, _votes.c.item_id,
               _notes.c.group_id)
        .select_from(_votes.outerjoin(_notes, and_(_votes.c.item_kind == "note",
                                                   _notes.c.id == _votes.c.item_id)))
        .where(_votes.c.board_id == board_id, _votes.c.participant_id.in_(participant_ids))
        .order_by(_votes.c.id))
    dots: dict[int, list[tuple[Item, Item]]] = {}
    for participant_id, kind, item_id, group_id in rows:
        placed = Item(kind, item_id)
        dots.setdefault(participant_id, []).append(
            (placed, placed if group_id is None else Item("group", group_id)))
    return dots


def votable_among(session: Session, board_id: int, items: set[Item]) -> set[Item]:
    """Which of ``items`` are votable on this board now: its groups, and its visible
    notes that are in no group (as ``flow.is_item``)."""
    note_ids = [item.id for item in items if item.kind == "note"]
    group_ids = [item.id for item in items if item.kind == "group"]
    votable: set[Item] = set()
    if note_ids:
        votable.update(Item("note", note_id) for note_id in session.execute(
            select(_notes.c.id).where(_notes.c.id.in_(note_ids), _notes.c.board_id == board_id,
                                      _notes.c.hidden.is_(False),
                                      _notes.c.group_id.is_(None))).scalars())
    if group_ids:
        votable.update(Item("group", group_id) for group_id in session.execute(
            select(_groups.c.id).where(_groups.c.id.in_(group_ids),
                                       _groups.c.board_id == board_id)).scalars())
    return votable


def insert_votes(session: Session, board_id: int, dots: list[tuple[int, Item, str]]) -> None:
    """Insert ``(participant id, item, client id)`` dots with one executemany."""
    if dots:
        now = utcnow()
        session.execute(_votes.insert(), [
            {"board_id": board_id, "participant_id": participant_id, "item_kind": item.kind,
             "item_id": item.id, "client_id": client_id, "created_at": now}
            for participant_id, item, client_id in dots])
