"""Posting, editing and deleting sticky notes."""
from __future__ import annotations

from ..domain import events as ev
from ..domain import ids, text
from ..domain.errors import DomainError
from ..domain.roles import Principal, Role
from ..store import db, queries
from ..store.models import Note
from . import views
from .unit import board_change


def _may_change(principal: Principal, note: Note) -> None:
    """Participants change only their own notes; the facilitator any note."""
    if principal.role is Role.PARTICIPANT and note.participant_id != principal.participant_id:
        raise DomainError("note_not_yours")


def _board_of(principal: Principal, board_id: object) -> int:
    with db.session() as session:
        board = queries.board_in_workshop(session, principal.workshop_id, board_id)
        if board is None:
            raise DomainError("board_unknown")
        return board.id


class _AlreadyStored(Exception):
    """Raised inside a unit of work to roll it back when a client id repeats."""

    def __init__(self, view: dict, participant_id: int | None) -> None:
        super().__init__(view["id"])
        self.view = view
        self.participant_id = participant_id


def create(principal: Principal, board_id: object, raw_text: object, raw_cid: object) -> dict:
    """Post a note; a repeated client id returns the note already stored.

    The client-id check runs inside the board's write lock, so two copies of
    one request racing each other still store one note.
    """
    clean = text.note_text(raw_text)
    cid = ids.client_id(raw_cid)
    board = _board_of(principal, board_id)
    try:
        with board_change(board) as change:
            session = change.session
            existing = queries.note_by_client_id(session, board, cid)
            workshop = queries.workshop(session, principal.workshop_id)
            if existing is not None:
                raise _AlreadyStored(
                    views.note(existing, show_name=workshop.allow_names, mine=True),
                    existing.participant_id)
            name = ""
            if principal.participant_id is not None and workshop.allow_names:
                name = queries.participant(session, principal.participant_id).name
            row = queries.add_note(session, board_id=board,
                                   participant_id=principal.participant_id,
                                   client_id=cid, text=clean, author_name=name)
            view = views.note(row, show_name=workshop.allow_names)
            change.publish(principal.workshop_id, ev.NOTE_CREATED,
                           {"*": {"board_id": board, "version": change.version, "note": view}})
    except _AlreadyStored as repeat:
        if repeat.participant_id != principal.participant_id:
            raise DomainError("client_id_invalid") from None
        return {"note": repeat.view, "duplicate": True}
    return {"note": {**view, "mine": True}, "version": change.version}


def _load(principal: Principal, note_id: object) -> Note:
    with db.session() as session:
        note = queries.note_in_workshop(session, principal.workshop_id, note_id)
    if note is None:
        raise DomainError("note_unknown")
    _may_change(principal, note)
    return note


def update(principal: Principal, note_id: object, raw_text: object) -> dict:
    """Change a note's text."""
    clean = text.note_text(raw_text)
    note = _load(principal, note_id)
    with board_change(note.board_id) as change:
        row = queries.note_in_workshop(change.session, principal.workshop_id, note.id)
        if row is None:
            raise DomainError("note_unknown")
        queries.set_note_text(row, clean)
        workshop = queries.workshop(change.session, principal.workshop_id)
        view = views.note(row, show_name=workshop.allow_names)
        change.publish(principal.workshop_id, ev.NOTE_UPDATED,
                       {"*": {"board_id": row.board_id, "version": change.version,
                              "note": view}})
    return {"note": view, "version": change.version}


def delete(principal: Principal, note_id: object) -> dict:
    """Remove a note from its board."""
    note = _load(principal, note_id)
    with board_change(note.board_id) as change:
        if queries.note_in_workshop(change.session, principal.workshop_id, note.id) is None:
            raise DomainError("note_unknown")
        queries.delete_note(change.session, note.id)
        change.publish(principal.workshop_id, ev.NOTE_DELETED,
                       {"*": {"board_id": note.board_id, "version": change.version,
                              "note_id": note.id}})
    return {"note_id": note.id, "version": change.version}
