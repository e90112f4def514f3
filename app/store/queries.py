"""Queries and writes. Every function takes the session of the current unit of work."""
from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .models import Board, Group, Note, Participant, RetiredLink, Workshop, utcnow


def add_workshop(session: Session, *, join_code: str, title: str, stakeholder: str,
                 language: str, allow_names: bool, facilitator_digest: str,
                 projector_digest: str, questions: tuple[str, ...]) -> Workshop:
    """Insert a workshop with one board per question; the first board is current."""
    workshop = Workshop(
        join_code=join_code, title=title, stakeholder=stakeholder,
        language=language, allow_names=allow_names,
        facilitator_digest=facilitator_digest, projector_digest=projector_digest,
        version=1, created_at=utcnow())
    session.add(workshop)
    session.flush()
    boards = [Board(workshop_id=workshop.id, position=i, question=q, version=0)
              for i, q in enumerate(questions)]
    session.add_all(boards)
    session.flush()
    workshop.current_board_id = boards[0].id
    return workshop


def join_code_taken(session: Session, code: str) -> bool:
    """Whether ``code`` is already used by a workshop."""
    return session.scalar(select(Workshop.id).where(Workshop.join_code == code)) is not None


def workshop(session: Session, workshop_id: int) -> Workshop | None:
    """A workshop by id."""
    return session.get(Workshop, workshop_id)


def workshop_by(session: Session, **criteria: str) -> Workshop | None:
    """A workshop by one unique column: join_code, facilitator_digest or projector_digest."""
    (column, value), = criteria.items()
    return session.scalar(select(Workshop).where(getattr(Workshop, column) == value))


def retire_link(session: Session, workshop_id: int, role: str, digest: str) -> None:
    """Keep the digest of a link that stopped working, to tell its holder why."""
    session.add(RetiredLink(workshop_id=workshop_id, role=role, digest=digest,
                            retired_at=utcnow()))


def retired_link(session: Session, digest: str) -> RetiredLink | None:
    """The retired link with this digest, if there is one."""
    return session.scalar(select(RetiredLink).where(RetiredLink.digest == digest))


def boards(session: Session, workshop_id: int) -> list[Board]:
    """The boards of a workshop in question order."""
    return list(session.scalars(
        select(Board).where(Board.workshop_id == workshop_id).order_by(Board.position)))


def board_in_workshop(session: Session, workshop_id: int, board_id: object) -> Board | None:
    """A board, only if it belongs to the workshop."""
    if not isinstance(board_id, int) or isinstance(board_id, bool):
        return None
    board = session.get(Board, board_id)
    return board if board is not None and board.workshop_id == workshop_id else None


def lock_board(session: Session, board_id: int) -> Board:
    """Load a board for writing, locking its row until the transaction ends.

    On PostgreSQL this is SELECT ... FOR UPDATE, so writes to one board are
    serialised across workers; SQLite's BEGIN IMMEDIATE already serialises
    every writer (see store/database.py).
    """
    return session.scalars(
        select(Board).where(Board.id == board_id).with_for_update()).one()


def lock_workshop(session: Session, workshop_id: int) -> Workshop:
    """Load a workshop for writing, locking its row (as ``lock_board``)."""
    return session.scalars(
        select(Workshop).where(Workshop.id == workshop_id).with_for_update()).one()


def participant(session: Session, participant_id: int) -> Participant | None:
    """A participant by id."""
    return session.get(Participant, participant_id)


def participant_by_token(session: Session, workshop_id: int, digest: str) -> Participant | None:
    """The participant whose cookie token has this digest."""
    return session.scalar(select(Participant).where(
        Participant.workshop_id == workshop_id, Participant.token_digest == digest))


def add_participant(session: Session, workshop_id: int, digest: str) -> Participant:
    """Insert a new anonymous participant."""
    participant = Participant(workshop_id=workshop_id, token_digest=digest, name="",
                              created_at=utcnow())
    session.add(participant)
    session.flush()
    return participant


def participant_count(session: Session, workshop_id: int) -> int:
    """How many people joined a workshop on a phone (opened its join page)."""
    return session.scalar(select(func.count()).select_from(Participant).where(
        Participant.workshop_id == workshop_id)) or 0


def notes_of_workshop(session: Session, workshop_id: int) -> list[Note]:
    """All notes of every board of a workshop, oldest first."""
    return list(session.scalars(
        select(Note).join(Board, Note.board_id == Board.id)
        .where(Board.workshop_id == workshop_id).order_by(Note.id)))


def note_by_client_id(session: Session, board_id: int, client_id: str) -> Note | None:
    """The note a client already created with this id, for idempotent retries."""
    return session.scalar(select(Note).where(
        Note.board_id == board_id, Note.client_id == client_id))


def note_in_workshop(session: Session, workshop_id: int, note_id: object) -> Note | None:
    """A note, only if it belongs to a board of the workshop."""
    if not isinstance(note_id, int) or isinstance(note_id, bool):
        return None
    note = session.get(Note, note_id)
    if note is None:
        return None
    board = session.get(Board, note.board_id)
    return note if board.workshop_id == workshop_id else None


def group_in_workshop(session: Session, workshop_id: int, group_id: object) -> Group | None:
    """A group, only if it belongs to a board of the workshop."""
    if not isinstance(group_id, int) or isinstance(group_id, bool):
        return None
    group = session.get(Group, group_id)
    if group is None:
        return None
    board = session.get(Board, group.board_id)
    return group if board.workshop_id == workshop_id else None


def notes_by_client_ids(session: Session, board_id: int,
                        client_ids: set[str]) -> dict[str, Note]:
    """The notes already created on a board with any of ``client_ids``, by client id."""
    if not client_ids:
        return {}
    return {note.client_id: note for note in session.scalars(select(Note).where(
        Note.board_id == board_id, Note.client_id.in_(client_ids)))}


def participant_names(session: Session, participant_ids: set[int]) -> dict[int, str]:
    """The names of participants, by id (one read)."""
    if not participant_ids:
        return {}
    return dict(session.execute(select(Participant.id, Participant.name).where(
        Participant.id.in_(participant_ids))).all())


def add_notes(session: Session, board_id: int,
              notes: list[tuple[int | None, str, str, str]]) -> list[Note]:
    """Insert ``(participant id, client id, text, author name)`` notes with one flush
    (one multi-row INSERT … RETURNING on SQLite and PostgreSQL), in order."""
    now = utcnow()
    rows = [Note(board_id=board_id, participant_id=participant_id, client_id=client_id,
                 text=text, author_name=name, group_id=None, hidden=False,
                 created_at=now, updated_at=now)
            for participant_id, client_id, text, name in notes]
    session.add_all(rows)
    session.flush()
    return rows


def add_note(session: Session, *, board_id: int, participant_id: int | None,
             client_id: str, text: str, author_name: str = "") -> Note:
    """Insert a note."""
    now = utcnow()
    note = Note(board_id=board_id, participant_id=participant_id, client_id=client_id,
                text=text, author_name=author_name, created_at=now, updated_at=now)
    session.add(note)
    session.flush()
    return note


def set_note_text(note: Note, text: str) -> None:
    """Change a note's text."""
    note.text = text
    note.updated_at = utcnow()


def delete_note(session: Session, note_id: int) -> None:
    """Remove a note."""
    session.execute(delete(Note).where(Note.id == note_id))


def delete_workshop(session: Session, workshop_id: int) -> None:
    """Remove a workshop and everything in it (boards, notes, groups, votes, participants)."""
    from .dismissals import delete_for_boards
    from .models import Group, Vote
    from .series import forget_workshop
    forget_workshop(session, workshop_id)
    board_ids = select(Board.id).where(Board.workshop_id == workshop_id)
    delete_for_boards(session, board_ids)
    session.execute(delete(Vote).where(Vote.board_id.in_(board_ids)))
    session.execute(delete(Note).where(Note.board_id.in_(board_ids)))
    session.execute(delete(Group).where(Group.board_id.in_(board_ids)))
    session.execute(delete(Board).where(Board.workshop_id == workshop_id))
    session.execute(delete(Participant).where(Participant.workshop_id == workshop_id))
    session.execute(delete(RetiredLink).where(RetiredLink.workshop_id == workshop_id))
    session.execute(delete(Workshop).where(Workshop.id == workshop_id))


def workshops_created_before(session: Session, moment) -> list[int]:
    """Ids of workshops created before ``moment`` (for the retention period)."""
    return list(session.scalars(select(Workshop.id).where(Workshop.created_at < moment)))
