"""Shape store rows into the JSON the protocol sends, per audience.

Every payload that leaves the server is built here, so what each audience
may see is decided in one place (docs/protocol.md lists the shapes):

- the facilitator sees every note, including moderated (hidden) ones;
- the projector and phones see notes only once they are public (written
  live, or revealed); until then the projector gets a count, and a phone
  its own notes;
- nobody but the voter sees their dots before the results; the facilitator
  and projector get progress (and counts, if the board shows live counts).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import cached_property

from sqlalchemy.orm import Session

from ..domain import voting
from ..domain.phases import BoardRules
from ..domain.roles import Role
from ..domain.secrets import format_join_code
from ..domain.timer import Timer
from ..realtime.wire_json import COMPACT, RawJSON
from ..store import flow
from ..store.models import Board, Group, Note, Vote, Workshop


def iso(moment: datetime | None) -> str | None:
    """An ISO 8601 UTC timestamp ending in Z (SQLite hands back naive UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


def now() -> datetime:
    """The server's clock, which every timer follows."""
    return datetime.now(timezone.utc)


def note(row: Note, *, show_name: bool, mine: bool | None = None,
         facilitator: bool = False) -> dict:
    """A note; ``mine`` only in a participant's own views, ``hidden`` only for facilitators."""
    view = {
        "id": row.id,
        "board_id": row.board_id,
        "cid": row.client_id,
        "text": row.text,
        "name": row.author_name if show_name else "",
        "group_id": row.group_id,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }
    if mine is not None:
        view["mine"] = mine
    if facilitator:
        view["hidden"] = row.hidden
    return view


def workshop(row: Workshop) -> dict:
    """Workshop-level state; the join code and title are public to the room."""
    return {
        "id": row.id,
        "title": row.title,
        "stakeholder": row.stakeholder,
        "language": row.language,
        "allow_names": row.allow_names,
        "join_code": format_join_code(row.join_code),
        "current_board_id": row.current_board_id,
        "version": row.version,
    }


def settings(rules: BoardRules) -> dict:
    """A board's settings as the clients show them."""
    return {"notes_hidden": rules.notes_hidden, "revealed": rules.revealed,
            "late_notes": rules.late_notes, "participants_group": rules.participants_group,
            "locked": rules.locked, "vote_budget": rules.vote_budget,
            "multi_dots": rules.multi_dots, "live_counts": rules.live_counts}


def timer(state: Timer) -> dict:
    """A countdown with the server's time, so clients can correct their clock."""
    return {"state": state.state, "ends_at": iso(state.ends_at),
            "remaining": state.remaining, "duration": state.duration,
            "server_now": iso(now())}


def group(row: Group) -> dict:
    """A theme."""
    return {"id": row.id, "title": row.title}


def item(value: voting.Item) -> dict:
    """A vote item."""
    return {"kind": value.kind, "id": value.id}


def items_of(groups: list[Group], assignment: dict[int, int | None]) -> list[voting.Item]:
    """The votable items of a board: groups, then ungrouped notes."""
    return ([voting.Item("group", g.id) for g in groups]
            + [voting.Item("note", n) for n, g in sorted(assignment.items()) if g is None])


def results(votes: list[Vote], groups: list[Group],
            assignment: dict[int, int | None]) -> list[dict]:
    """Ranked items with their vote counts (ties share a rank)."""
    counts = voting.tally(flow.dots(votes), assignment)
    return [{"rank": rank, **item(it), "votes": n}
            for rank, it, n in voting.rank(counts, items_of(groups, assignment))]


def tally(votes: list[Vote], assignment: dict[int, int | None]) -> dict:
    """Live counts per item key ("g12", "n34")."""
    return {it.key: n for it, n in voting.tally(flow.dots(votes), assignment).items()}


class BoardReader:
    """Reads one board once and shapes it for any audience."""

    def __init__(self, session: Session, board: Board, show_names: bool) -> None:
        self.session = session
        self.board = board
        self.rules = flow.rules_of(board)
        self.show_names = show_names
        self.notes = flow.notes_of_board(session, board.id)
        self.groups = flow.groups(session, board.id)
        self.votes = flow.votes_of(session, board.id)
        self.assignment = {n.id: n.group_id for n in self.notes if not n.hidden}

    def view(self, role: Role, participant_id: int | None = None,
             personal: bool = False) -> dict:
        """The board for one audience; ``personal`` adds a participant's own notes and dots."""
        return BoardShapes(self).view(role, participant_id, personal)

    def progress(self) -> dict:
        """What staff and the projector may know about the dots on this board."""
        progress = {"dots": len(self.votes),
                    "voters": len({v.participant_id for v in self.votes})}
        if self.rules.live_counts or self.rules.votes_public:
            progress["tally"] = tally(self.votes, self.assignment)
        return progress

    def by_audience(self) -> dict[str, dict]:
        """The board for each audience room (no personal parts), for a broadcast."""
        shapes = BoardShapes(self)
        return {role.value: shapes.view(role)
                for role in (Role.FACILITATOR, Role.PROJECTOR, Role.PARTICIPANT)}


class BoardShapes:
    """One read of a board, shaped once: what every screen of a role shares is built
    here, and only a participant's own notes and dots are added per ``view``.

    Join snapshots reuse one instance for every phone until the board changes
    (services/snapshots.py); the lists it hands out are shared, never mutated.
    """

    def __init__(self, reader: BoardReader) -> None:
        board, rules, show = reader.board, reader.rules, reader.show_names
        self.rules = rules
        self.timer = flow.timer_of(board)
        self.base = {"id": board.id, "position": board.position, "question": board.question,
                     "version": board.version, "phase": rules.phase, "settings": settings(rules)}
        visible = [n for n in reader.notes if not n.hidden]
        # The lists every screen of a role shares carry their JSON, encoded once (wire_json).
        self.staff_notes = RawJSON(note(n, show_name=show, facilitator=True) for n in reader.notes)
        # Only a participant has notes of their own: notes typed by staff have no author id.
        self.public_notes = [(n.participant_id, note(n, show_name=show)) for n in visible]
        self.shared_notes = RawJSON(v for _, v in self.public_notes)
        self.note_count = len(visible)
        self.groups = [group(g) for g in reader.groups]
        self.progress = reader.progress()
        self.dots: dict[int, list[dict]] = {}
        for v in reader.votes:
            self.dots.setdefault(v.participant_id, []).append(
                item(voting.Item(v.item_kind, v.item_id)))
        self.results = (results(reader.votes, reader.groups, reader.assignment)
                        if rules.votes_public else None)

    def view(self, role: Role, participant_id: int | None = None,
             personal: bool = False) -> dict:
        """The board for one audience; ``personal`` adds a participant's own notes and dots."""
        # The projector and staff have no participant id: nothing of theirs is personal.
        personal = personal and participant_id is not None
        if role.is_staff:
            shown = self.staff_notes
        elif self.rules.notes_public:
            shown = self._marked(participant_id) if personal else self.shared_notes
        elif personal:
            shown = [{**v, "mine": True} for author, v in self.public_notes
                     if author == participant_id]
        else:
            shown = []
        if role is not Role.PARTICIPANT:
            votes = self.progress
        else:
            votes = {"mine": list(self.dots.get(participant_id, ()))} if personal else {}
        view = {**self.base, "timer": timer(self.timer), "notes": shown,
                "note_count": self.note_count, "groups": self.groups, "votes": votes}
        if self.results is not None:
            view["results"] = self.results
        return view

    @cached_property
    def _pieces(self) -> list[tuple[int | None, str]]:
        """Each public note's JSON without its closing brace, to add ``mine`` per phone."""
        return [(author, json.dumps(v, separators=COMPACT)[:-1]) for author, v in self.public_notes]

    def _marked(self, participant_id: int) -> RawJSON:
        """Every public note with ``mine`` for one phone; its JSON joined from the pieces."""
        text = ",".join(piece + (',"mine":true}' if author == participant_id
                                 else ',"mine":false}') for author, piece in self._pieces)
        return RawJSON(({**v, "mine": author == participant_id} for author, v in self.public_notes),
                       f"[{text}]")
