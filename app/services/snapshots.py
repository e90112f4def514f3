"""One read of a workshop per change, shared by every snapshot until the next change.

A thousand phones scanning the join code ask for the same boards within
seconds. Each join used to read every board (notes, groups, dots) and shape it
again; now the first join after a change reads and shapes the workshop once
(``views.BoardShapes``) and later joins only add their own notes and dots, so
a phone still gets exactly what it may see (docs/security.md).

Every committed change to a workshop or one of its boards (``unit.py``: board
and workshop changes, group commits, deletion, link rotation) calls
``changed`` right after its commit and before its events go out, so a read
started before a commit is never kept, and a socket that gets a change event
never gets an older snapshot from here afterwards. Writes on other worker
processes are not seen here: with several workers (Redis) the cache is off.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

from ..domain.errors import DomainError
from ..store import db, queries
from . import views

MAX_WORKSHOPS = 1_000  # reads kept; a server rarely holds more live workshops


@dataclass(frozen=True)
class WorkshopRead:
    """A workshop's public fields and its boards, shaped once."""

    workshop: dict
    boards: list[views.BoardShapes]


def read(workshop_id: int) -> WorkshopRead:
    """Read one workshop and all its boards from the database."""
    with db.session() as session:
        workshop = queries.workshop(session, workshop_id)
        if workshop is None:
            raise DomainError("workshop_unknown")
        boards = [views.BoardShapes(views.BoardReader(session, b, workshop.allow_names))
                  for b in queries.boards(session, workshop.id)]
        return WorkshopRead(views.workshop(workshop), boards)


class SnapshotCache:
    """The latest read of each workshop, valid until the workshop's next change."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._generation: defaultdict[int, int] = defaultdict(int)
        self._reads: dict[int, tuple[int, WorkshopRead]] = {}
        self._locks: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)
        self.stats = {"reads": 0, "hits": 0}

    def changed(self, workshop_id: int) -> None:
        """A change to the workshop was committed: later snapshots read again."""
        self._generation[workshop_id] += 1
        self._reads.pop(workshop_id, None)

    def get(self, workshop_id: int) -> WorkshopRead:
        """The workshop as it is now: the kept read, or a fresh one (one at a time)."""
        if not self.enabled:
            return read(workshop_id)
        # One reader per workshop: a storm of joins after a change waits for one read
        # instead of each reading the boards again.
        with self._locks[workshop_id]:
            generation = self._generation[workshop_id]
            kept = self._reads.get(workshop_id)
            if kept is not None and kept[0] == generation:
                self.stats["hits"] += 1
                return kept[1]
            fresh = read(workshop_id)
            self.stats["reads"] += 1
            # Kept only if nothing was committed while reading.
            if self._generation[workshop_id] == generation:
                if len(self._reads) >= MAX_WORKSHOPS:
                    self._reads.clear()
                self._reads[workshop_id] = (generation, fresh)
            return fresh
