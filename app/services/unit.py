"""Units of work that change shared state and then publish, in order.

A write to a board takes a per-board lock in this process, opens a
transaction, bumps the board's version first (which takes the database's
write lock), applies the change, commits, and only then publishes the events
it queued. So an acknowledgement and every broadcast follow the commit, and
one process publishes a board's versions in the order they were committed.
Ordering across several worker processes is restored by the clients, which
apply events by version (see docs/protocol.md).
"""
from __future__ import annotations

import threading
from collections import defaultdict
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.orm import Session

from ..realtime.publish import publisher
from ..store import db, queries

_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)


class Change:
    """The session of one write and the events to publish once it commits."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.version = 0
        self._outbox: list[tuple] = []

    def publish(self, workshop_id: int, event: str, payloads: dict) -> None:
        """Queue ``event`` for after the commit; ``payloads`` maps audience to payload."""
        self._outbox.append((workshop_id, event, payloads))

    def flush(self) -> None:
        """Publish everything queued, in order."""
        for workshop_id, event, payloads in self._outbox:
            publisher.to_audiences(workshop_id, event, payloads)


@contextmanager
def board_change(board_id: int) -> Iterator[Change]:
    """A write to one board: ``change.version`` is the board's new version."""
    with _locks[f"b{board_id}"]:
        with db.session() as session:
            change = Change(session)
            change.version = queries.bump_board_version(session, board_id)
            yield change
        change.flush()


@contextmanager
def workshop_change(workshop_id: int) -> Iterator[Change]:
    """A write to workshop-level state: ``change.version`` is the workshop's new version."""
    with _locks[f"w{workshop_id}"]:
        with db.session() as session:
            change = Change(session)
            change.version = queries.bump_workshop_version(session, workshop_id)
            yield change
        change.flush()
