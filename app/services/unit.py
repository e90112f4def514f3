"""Units of work that change shared state and then publish, in order.

A write to a board takes a per-board lock in this process, opens a
transaction and locks the board's row, applies the change, bumps the
board's version when the change is public, commits, and only then publishes
the events it queued. So an acknowledgement and every broadcast follow the
commit, and one process publishes a board's versions in commit order.
Ordering across several worker processes is restored by the clients, which
apply versioned events in version order (see docs/protocol.md).
"""
from __future__ import annotations

import threading
from collections import defaultdict
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..domain.roles import Principal
from ..realtime.publish import publisher
from ..store import db, queries
from ..store.models import Board, Workshop

_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)

# Called with (workshop id, board id) after every committed board change;
# the factory registers the grouping-help refresh here.
board_listeners: list = []


class Change:
    """The session of one write, the locked row, and the events to publish after commit."""

    def __init__(self, session: Session, row: Board | Workshop) -> None:
        self.session = session
        self.row = row
        self.version: int | None = None
        self._outbox: list[tuple] = []

    def bump(self) -> int:
        """Increase the locked row's version for one public event and return it."""
        self.row.version += 1
        self.session.flush()
        self.version = self.row.version
        return self.version

    def publish(self, workshop_id: int, event: str, payloads: dict) -> None:
        """Queue ``event`` for after the commit; ``payloads`` maps audience to payload."""
        self._outbox.append(("audiences", workshop_id, event, payloads))

    def publish_to_participant(self, participant_id: int, event: str, payload: dict) -> None:
        """Queue an event for one participant's own screens."""
        self._outbox.append(("participant", participant_id, event, payload))

    def publish_to_room(self, room: str, event: str, payload: dict) -> None:
        """Queue an event for one named room."""
        self._outbox.append(("room", room, event, payload))

    def flush(self) -> None:
        """Publish everything queued, in order."""
        for kind, target, event, payload in self._outbox:
            if kind == "audiences":
                publisher.to_audiences(target, event, payload)
            elif kind == "participant":
                publisher.to_participant(target, event, payload)
            else:
                publisher.to_room(target, event, payload)


# Boards never move to another workshop, so once a board has been seen in a workshop
# a request naming it needs no look-up of its own: ``board_change`` reads the row
# under its lock anyway, and answers ``board_unknown`` if it has been deleted since.
_board_workshop: dict[int, int] = {}


def board_id_for(principal: Principal, board_id: object) -> int:
    """The id of a board of the principal's workshop, or ``board_unknown``."""
    if (isinstance(board_id, int) and not isinstance(board_id, bool)
            and _board_workshop.get(board_id) == principal.workshop_id):
        return board_id
    with db.session() as session:
        board = queries.board_in_workshop(session, principal.workshop_id, board_id)
        if board is None:
            raise DomainError("board_unknown")
        if len(_board_workshop) > 100_000:
            _board_workshop.clear()
        _board_workshop[board.id] = board.workshop_id
        return board.id


@contextmanager
def board_change(board_id: int) -> Iterator[Change]:
    """A write to one board; ``change.row`` is the locked board."""
    with _locks[f"b{board_id}"]:
        with db.session() as session:
            try:
                row = queries.lock_board(session, board_id)
            except NoResultFound:
                raise DomainError("board_unknown") from None
            change = Change(session, row)
            yield change
        change.flush()
    for listener in board_listeners:
        listener(change.row.workshop_id, board_id)


@contextmanager
def workshop_change(workshop_id: int) -> Iterator[Change]:
    """A write to workshop-level state; ``change.row`` is the locked workshop."""
    with _locks[f"w{workshop_id}"]:
        with db.session() as session:
            change = Change(session, queries.lock_workshop(session, workshop_id))
            yield change
        change.flush()
