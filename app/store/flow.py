"""Queries and writes for the workshop flow: board rules, groups, votes."""
from __future__ import annotations

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from ..domain.phases import BoardRules
from ..domain.timer import Timer
from ..domain.voting import Item
from .models import Board, Group, Note, Vote, utcnow

RULE_FIELDS = ("phase", "notes_hidden", "revealed", "late_notes", "participants_group",
               "locked", "vote_budget", "multi_dots", "live_counts")


def rules_of(board: Board) -> BoardRules:
    """The domain's view of a board's phase and settings."""
    return BoardRules(**{name: getattr(board, name) for name in RULE_FIELDS})


def save_rules(board: Board, rules: BoardRules) -> None:
    """Write changed rules back to the board row."""
    for name in RULE_FIELDS:
        setattr(board, name, getattr(rules, name))


def timer_of(board: Board) -> Timer:
    """The board's countdown."""
    ends_at = board.timer_ends_at
    if ends_at is not None and ends_at.tzinfo is None:
        from datetime import timezone
        ends_at = ends_at.replace(tzinfo=timezone.utc)
    return Timer(board.timer_state, ends_at, board.timer_remaining, board.timer_duration)


def save_timer(board: Board, timer: Timer) -> None:
    """Write the countdown back to the board row."""
    board.timer_state = timer.state
    board.timer_ends_at = timer.ends_at
    board.timer_remaining = timer.remaining
    board.timer_duration = timer.duration


def notes_of_board(session: Session, board_id: int) -> list[Note]:
    """Every note of a board, hidden ones included, oldest first."""
    return list(session.scalars(select(Note).where(Note.board_id == board_id).order_by(Note.id)))


def visible_note_count(session: Session, board_id: int) -> int:
    """How many notes of a board are not moderated (one COUNT, no rows loaded)."""
    return session.scalar(select(func.count()).select_from(Note).where(
        Note.board_id == board_id, Note.hidden.is_(False))) or 0


def assignment(session: Session, board_id: int) -> dict[int, int | None]:
    """Which group every visible note of a board is in (None: ungrouped)."""
    rows = session.execute(select(Note.id, Note.group_id).where(
        Note.board_id == board_id, Note.hidden.is_(False)))
    return {note_id: group_id for note_id, group_id in rows}


def groups(session: Session, board_id: int) -> list[Group]:
    """The groups of a board, oldest first."""
    return list(session.scalars(
        select(Group).where(Group.board_id == board_id).order_by(Group.id)))


def groups_of_workshop(session: Session, board_ids: list[int]) -> list[Group]:
    """Groups of several boards."""
    if not board_ids:
        return []
    return list(session.scalars(
        select(Group).where(Group.board_id.in_(board_ids)).order_by(Group.id)))


def add_group(session: Session, board_id: int, title: str) -> Group:
    """Insert a group."""
    group = Group(board_id=board_id, title=title, created_at=utcnow())
    session.add(group)
    session.flush()
    return group


def set_note_group(session: Session, note_ids: list[int], group_id: int | None) -> None:
    """Move notes into a group (or out of any)."""
    if note_ids:
        session.execute(update(Note).where(Note.id.in_(note_ids)).values(group_id=group_id))


def remove_groups(session: Session, group_ids: set[int], *, votes_to: int | None = None) -> None:
    """Delete groups; their dots move to ``votes_to`` (a merge) or are removed."""
    if not group_ids:
        return
    in_groups = (Vote.item_kind == "group") & Vote.item_id.in_(group_ids)
    if votes_to is None:
        session.execute(delete(Vote).where(in_groups))
    else:
        session.execute(update(Vote).where(in_groups).values(item_id=votes_to))
    session.execute(update(Note).where(Note.group_id.in_(group_ids)).values(group_id=None))
    session.execute(delete(Group).where(Group.id.in_(group_ids)))


def votes_of(session: Session, board_id: int, participant_id: int | None = None) -> list[Vote]:
    """The dots on a board, or one participant's dots on it, oldest first."""
    query = select(Vote).where(Vote.board_id == board_id)
    if participant_id is not None:
        query = query.where(Vote.participant_id == participant_id)
    return list(session.scalars(query.order_by(Vote.id)))


def dots(votes: list[Vote]) -> list[Item]:
    """Votes as domain items."""
    return [Item(v.item_kind, v.item_id) for v in votes]


def is_item(session: Session, board_id: int, item: Item) -> bool:
    """A group of the board, or a visible ungrouped note of it (one indexed lookup)."""
    if item.kind == "group":
        group = session.get(Group, item.id)
        return group is not None and group.board_id == board_id
    note = session.get(Note, item.id)
    return (note is not None and note.board_id == board_id and not note.hidden
            and note.group_id is None)


def dots_for_request(session: Session, board_id: int, participant_id: int,
                     client_id: str) -> tuple[bool, list[Vote]]:
    """One read for a new dot: whether ``client_id`` was used on this board already
    (by anyone), and the participant's dots on the board, oldest first."""
    rows = session.scalars(select(Vote).where(
        Vote.board_id == board_id,
        or_(Vote.participant_id == participant_id, Vote.client_id == client_id),
    ).order_by(Vote.id)).all()
    repeated = any(v.client_id == client_id for v in rows)
    return repeated, [v for v in rows if v.participant_id == participant_id]


def effective_dots(session: Session, board_id: int,
                   participant_id: int) -> list[tuple[Vote, Item]]:
    """A participant's dots with the item each counts for now.

    A dot placed on a note that has since been grouped counts for its group,
    so the one-dot-per-item rule and taking a dot back see it there.
    """
    return effective_of(session, votes_of(session, board_id, participant_id))


def effective_of(session: Session, votes: list[Vote]) -> list[tuple[Vote, Item]]:
    """``effective_dots`` for dots already read."""
    note_ids = [v.item_id for v in votes if v.item_kind == "note"]
    groups = {}
    if note_ids:
        groups = dict(session.execute(select(Note.id, Note.group_id).where(
            Note.id.in_(note_ids))).all())
    effective = []
    for vote in votes:
        if vote.item_kind == "note" and groups.get(vote.item_id) is not None:
            effective.append((vote, Item("group", groups[vote.item_id])))
        else:
            effective.append((vote, Item(vote.item_kind, vote.item_id)))
    return effective


def vote_rows(session: Session, board_id: int) -> list[tuple[int, str, int]]:
    """``(participant id, item kind, item id)`` of every dot on a board (no ORM objects)."""
    return [tuple(row) for row in session.execute(
        select(Vote.participant_id, Vote.item_kind, Vote.item_id)
        .where(Vote.board_id == board_id).order_by(Vote.id))]


def vote_by_client_id(session: Session, board_id: int, client_id: str) -> Vote | None:
    """A dot already placed with this client id (idempotent retries)."""
    return session.scalar(select(Vote).where(
        Vote.board_id == board_id, Vote.client_id == client_id))


def add_vote(session: Session, *, board_id: int, participant_id: int, item: Item,
             client_id: str) -> Vote:
    """Insert one dot (the caller checked the budget under the board lock)."""
    vote = Vote(board_id=board_id, participant_id=participant_id, item_kind=item.kind,
                item_id=item.id, client_id=client_id, created_at=utcnow())
    session.add(vote)
    session.flush()
    return vote


def remove_vote(session: Session, vote_id: int) -> None:
    """Take one dot back."""
    session.execute(delete(Vote).where(Vote.id == vote_id))


def voter_count(session: Session, board_id: int) -> int:
    """How many participants placed at least one dot."""
    return session.scalar(select(func.count(func.distinct(Vote.participant_id))).where(
        Vote.board_id == board_id)) or 0


def delete_votes_on_note(session: Session, note_id: int) -> None:
    """Dots on a deleted or hidden note go with it."""
    session.execute(delete(Vote).where(Vote.item_kind == "note", Vote.item_id == note_id))
