"""What a workshop produced, read once into plain data for reports and exports.

A report can be made at any time: it shows each question's current phase
and the dots counted so far. Moderated (hidden) notes are left out, as they
are left out of every screen but the facilitator's.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy.orm import Session

from ..domain import synthesis, voting
from ..store import db, flow, queries
from ..store.models import Board, Workshop
from . import views


@dataclass(frozen=True)
class NoteLine:
    """A note as reported: its text, its group and the votes of the item it is in."""

    id: int
    text: str
    name: str
    created_at: datetime
    group_id: int | None
    group_title: str | None
    votes: int
    rank: int | None


@dataclass(frozen=True)
class RankedItem:
    """A group or an ungrouped note, ranked by its dots; ``tied`` if it shares its rank.

    ``rank`` is ``None`` while nobody has voted on the question: there is no ranking yet.
    """

    rank: int | None
    tied: bool
    kind: str
    id: int
    title: str
    votes: int
    share: float
    notes: tuple[NoteLine, ...]


@dataclass(frozen=True)
class QuestionReport:
    """One question (board): its phase, dots, ranked items and every note."""

    position: int
    question: str
    phase: str
    dots: int
    voters: int
    items: tuple[RankedItem, ...]
    notes: tuple[NoteLine, ...]

    @property
    def groups(self) -> tuple[RankedItem, ...]:
        """The ranked groups only (themes)."""
        return tuple(item for item in self.items if item.kind == "group")


@dataclass(frozen=True)
class WorkshopReport:
    """Everything a report of one workshop shows."""

    id: int
    title: str
    stakeholder: str
    language: str
    created_at: datetime
    generated_at: datetime
    participants: int
    questions: tuple[QuestionReport, ...]

    @property
    def note_count(self) -> int:
        """How many (not moderated) notes the workshop has, over every question."""
        return sum(len(q.notes) for q in self.questions)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _question(session: Session, board: Board, show_names: bool) -> QuestionReport:
    notes = [n for n in flow.notes_of_board(session, board.id) if not n.hidden]
    groups = flow.groups(session, board.id)
    votes = flow.votes_of(session, board.id)
    assignment = {n.id: n.group_id for n in notes}
    counts = voting.tally(flow.dots(votes), assignment)
    ranked = voting.rank(counts, views.items_of(groups, assignment))
    tied = voting.tied_ranks(ranked)
    dots = sum(counts.values())
    if not dots:
        ranked, tied = [(None, item, n) for _rank, item, n in ranked], set()
    titles = {g.id: g.title for g in groups}
    standing = {(item.kind, item.id): (rank, n) for rank, item, n in ranked}

    def line(note) -> NoteLine:
        """A note with the votes and rank of the item it counts for."""
        rank, n = standing[("group", note.group_id) if note.group_id else ("note", note.id)]
        return NoteLine(note.id, note.text, note.author_name if show_names else "",
                        _aware(note.created_at), note.group_id, titles.get(note.group_id),
                        n, rank)

    lines = {n.id: line(n) for n in notes}
    items = []
    for rank, item, n in ranked:
        if item.kind == "group":
            members = tuple(lines[i] for i, g in assignment.items() if g == item.id)
            title = titles[item.id]
        else:
            members = (lines[item.id],)
            title = lines[item.id].text
        items.append(RankedItem(rank, rank in tied, item.kind, item.id, title, n,
                                synthesis.share(n, dots), members))
    return QuestionReport(board.position, board.question, board.phase, dots,
                          len({v.participant_id for v in votes}), tuple(items),
                          tuple(lines[n.id] for n in notes))


def read(session: Session, workshop: Workshop) -> WorkshopReport:
    """The report of a workshop, within an open unit of work."""
    questions = tuple(_question(session, board, workshop.allow_names)
                      for board in queries.boards(session, workshop.id))
    return WorkshopReport(
        workshop.id, workshop.title, workshop.stakeholder, workshop.language,
        _aware(workshop.created_at), views.now(),
        queries.participant_count(session, workshop.id), questions)


def build(workshop_id: int) -> WorkshopReport | None:
    """The report of a workshop as it stands now, or ``None`` if it is gone."""
    with db.session() as session:
        workshop = queries.workshop(session, workshop_id)
        return read(session, workshop) if workshop is not None else None
