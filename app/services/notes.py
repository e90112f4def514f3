"""Posting, editing, deleting and moderating sticky notes.

Where a note change goes depends on the board: while notes are public the
change bumps the board's version and reaches every screen; while writing is
hidden it reaches only the facilitator and the author, and the projector
gets the new count, coalesced (docs/protocol.md, "Hidden writing").
"""
from __future__ import annotations

from dataclasses import dataclass

from ..domain import events as ev
from ..domain import ids, phases, text
from ..domain.errors import DomainError
from ..domain.roles import Principal, Role
from ..store import db, flow, queries
from ..store.models import Note
from . import grouping, views
from .unit import Change, board_change, board_id_for, board_many


def _load(principal: Principal, note_id: object) -> Note:
    with db.session() as session:
        note = queries.note_in_workshop(session, principal.workshop_id, note_id)
    if note is None:
        raise DomainError("note_unknown")
    if principal.role is Role.PARTICIPANT and note.participant_id != principal.participant_id:
        raise DomainError("note_not_yours")
    return note


def publish_note(change: Change, workshop_id: int, row: Note, event: str, *,
                 show_names: bool, gone: bool = False) -> int | None:
    """Send a note change to whoever may see it; returns the version if public.

    ``gone`` means the note left the public board (deleted or hidden).
    """
    rules = flow.rules_of(change.row)
    staff = views.note(row, show_name=show_names, facilitator=True)
    public = views.note(row, show_name=show_names)
    if gone:
        public_payload = {"board_id": row.board_id, "note_id": row.id}
        public_event = ev.NOTE_DELETED
    else:
        public_payload = {"board_id": row.board_id, "note": public}
        public_event = event
    if rules.notes_public:
        version = change.bump()
        change.publish(workshop_id, public_event, {"participant": {**public_payload, "version": version},
                                                   "projector": {**public_payload, "version": version}})
        facilitator = ({"board_id": row.board_id, "note_id": row.id} if event == ev.NOTE_DELETED
                       else {"board_id": row.board_id, "note": staff})
        change.publish(workshop_id, event, {"facilitator": {**facilitator, "version": version}})
        return version
    facilitator = ({"board_id": row.board_id, "note_id": row.id} if event == ev.NOTE_DELETED
                   else {"board_id": row.board_id, "note": staff})
    change.publish(workshop_id, event, {"facilitator": facilitator})
    if row.participant_id is not None:
        mine = {**public_payload}
        if not gone:
            mine["note"] = {**public, "mine": True}
        change.publish_to_participant(row.participant_id, public_event, mine)
    change.count_changed(workshop_id, row.board_id)
    return None


def count_payload(board_id: int) -> dict:
    """The projector's ``board:count`` for a board, read now (sent coalesced)."""
    with db.session() as session:
        return {"board_id": board_id, "note_count": flow.visible_note_count(session, board_id)}


@dataclass(frozen=True)
class _Post:
    """One request to post a note."""

    principal: Principal
    text: str
    client_id: str


def create(principal: Principal, board_id: object, raw_text: object, raw_cid: object) -> dict:
    """Post a note; a repeated client id returns the note already stored.

    The client-id check runs under the board's lock, in a group commit with
    the board's other writes, so two copies of one request racing each other
    (even within one batch) still store one note.
    """
    post = _Post(principal, text.note_text(raw_text), ids.client_id(raw_cid))
    return board_many(board_id_for(principal, board_id), _post_all, post, principal)


def _post_all(change: Change, posts: list[_Post]) -> list:
    """The notes of one batch: read once, checked in queue order, one insert, then
    each published (and versioned) in queue order."""
    session, board = change.session, change.row
    workshop = queries.workshop(session, board.workshop_id)
    stored = queries.notes_by_client_ids(session, board.id, {p.client_id for p in posts})
    names = (queries.participant_names(session, {p.principal.participant_id for p in posts
                                                 if p.principal.participant_id is not None})
             if workshop.allow_names else {})
    rules = flow.rules_of(board)
    outcomes: list = []  # per post: a refusal, ("new", index) or ("repeat", post)
    new: list[tuple[int | None, str, str, str]] = []
    taken = set(stored)  # client ids stored, or posted earlier in this batch
    for post in posts:
        if post.client_id in taken:
            outcomes.append(("repeat", post))
            continue
        try:
            phases.require_can_post(rules, post.principal.role)
        except DomainError as error:
            outcomes.append(error)
            continue
        taken.add(post.client_id)
        outcomes.append(("new", len(new)))
        person = post.principal.participant_id
        new.append((person, post.client_id, post.text, names.get(person, "")))
    rows = queries.add_notes(session, board.id, new)
    stored.update((row.client_id, row) for row in rows)
    answers: list = []
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            answers.append(outcome)
        elif outcome[0] == "new":
            row = rows[outcome[1]]
            view = views.note(row, show_name=workshop.allow_names)
            version = publish_note(change, workshop.id, row, ev.NOTE_CREATED,
                                   show_names=workshop.allow_names)
            answers.append({"note": {**view, "mine": True}, "version": version})
        else:
            existing = stored[outcome[1].client_id]
            if existing.participant_id != outcome[1].principal.participant_id:
                answers.append(DomainError("client_id_invalid"))
            else:
                answers.append({"note": views.note(existing, show_name=workshop.allow_names,
                                                   mine=True), "duplicate": True})
    return answers


def _editable(change: Change, principal: Principal, note_id: int) -> Note:
    """The note, re-read under the board's lock, if its author may still change it."""
    phases.require_can_edit_own(flow.rules_of(change.row), principal.role)
    row = queries.note_in_workshop(change.session, principal.workshop_id, note_id)
    if row is None:
        raise DomainError("note_unknown")
    return row


def update(principal: Principal, note_id: object, raw_text: object) -> dict:
    """Change a note's text (its author while posting is open, or the facilitator)."""
    clean = text.note_text(raw_text)
    note = _load(principal, note_id)
    with board_change(note.board_id) as change:
        row = _editable(change, principal, note.id)
        queries.set_note_text(row, clean)
        workshop = queries.workshop(change.session, principal.workshop_id)
        view = views.note(row, show_name=workshop.allow_names)
        if not row.hidden:
            publish_note(change, workshop.id, row, ev.NOTE_UPDATED,
                         show_names=workshop.allow_names)
        else:
            change.publish(workshop.id, ev.NOTE_UPDATED, {"facilitator": {
                "board_id": row.board_id,
                "note": views.note(row, show_name=workshop.allow_names, facilitator=True)}})
    if principal.role is Role.PARTICIPANT:  # only the author edits: as note:create's ack
        view["mine"] = True
    return {"note": view, "version": change.version}


def delete(principal: Principal, note_id: object) -> dict:
    """Remove a note (its author while posting is open, or the facilitator)."""
    note = _load(principal, note_id)
    with board_change(note.board_id) as change:
        row = _editable(change, principal, note.id)
        workshop = queries.workshop(change.session, principal.workshop_id)
        group_id = row.group_id
        queries.delete_note(change.session, row.id)
        flow.delete_votes_on_note(change.session, row.id)
        publish_note(change, workshop.id, row, ev.NOTE_DELETED,
                     show_names=workshop.allow_names, gone=True)
        grouping.drop_if_empty(change, workshop.id, group_id)
    return {"note_id": note.id, "version": change.version}


def moderate(principal: Principal, note_id: object, hidden: object) -> dict:
    """The facilitator hides a note from every screen (or shows it again)."""
    if not isinstance(hidden, bool):
        raise DomainError("payload_invalid")
    note = _load(principal, note_id)
    with board_change(note.board_id) as change:
        row = queries.note_in_workshop(change.session, principal.workshop_id, note.id)
        if row is None:
            raise DomainError("note_unknown")
        if row.hidden == hidden:
            return {"note_id": row.id, "hidden": hidden}
        workshop = queries.workshop(change.session, principal.workshop_id)
        row.hidden = hidden
        group_id = row.group_id
        if hidden:
            row.group_id = None
        change.session.flush()
        publish_note(change, workshop.id, row,
                     ev.NOTE_UPDATED, show_names=workshop.allow_names, gone=hidden)
        if hidden:
            grouping.drop_if_empty(change, workshop.id, group_id)
    return {"note_id": note.id, "hidden": hidden}
