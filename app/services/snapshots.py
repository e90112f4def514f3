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
never gets an older snapshot from here afterwards.

With several workers (Redis) a worker does not hear of the others' commits, so
the writes themselves are counted in Redis (``SharedWrites``): every write to a
workshop adds one to its "started" counter before its transaction can commit
and one to its "finished" counter right after it ended (before its events go
out). A read is kept only if both counters were equal before it and unchanged
after it — no write was in flight or began while reading — and it is handed
out again only while they are still unchanged and it is younger than a few
seconds. A worker that dies in the middle of a write leaves the counters
unequal: that workshop's snapshots are then read afresh every time (safe, as
without the cache) until its counters expire after an hour without writes.
If Redis cannot be asked, the snapshot is read afresh.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

from ..domain.errors import DomainError
from ..store import db, queries
from . import views

MAX_WORKSHOPS = 1_000  # reads kept; a server rarely holds more live workshops
SHARED_MAX_AGE = 5.0  # seconds a read is kept with several workers (bounds a lost count)
COUNTER_TTL = 3600  # seconds the write counters of a quiet workshop are kept in Redis

log = logging.getLogger(__name__)


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


class SharedWrites:
    """Writes to each workshop started and finished, counted in Redis by every worker."""

    def __init__(self, client, prefix: str) -> None:
        self.redis = client
        self.prefix = prefix
        # After Redis failed, it is not asked again for a second: every write and every
        # join would otherwise wait for its timeout while Redis is away.
        self._away_until = 0.0

    def _away(self) -> bool:
        return time.monotonic() < self._away_until

    def _failed(self) -> None:
        self._away_until = time.monotonic() + 1.0

    def _keys(self, workshop_id: int) -> tuple[str, str]:
        return (f"{self.prefix}:writes:{workshop_id}:started",
                f"{self.prefix}:writes:{workshop_id}:finished")

    def _count(self, key: str) -> None:
        if self._away():
            return  # other workers keep a read at most SHARED_MAX_AGE
        try:
            pipe = self.redis.pipeline(transaction=False)
            pipe.incr(key)
            pipe.expire(key, COUNTER_TTL)
            pipe.execute()
        except Exception:  # noqa: BLE001 - Redis away: others keep a read ≤ SHARED_MAX_AGE
            self._failed()
            log.warning("could not count a write in Redis (%s)", key)

    def begin(self, workshop_id: int) -> None:
        """A write to the workshop may commit from now on."""
        self._count(self._keys(workshop_id)[0])

    def end(self, workshop_id: int) -> None:
        """That write has committed or rolled back."""
        self._count(self._keys(workshop_id)[1])

    def quiet(self, workshop_id: int) -> tuple[int, int] | None:
        """The counters if no write is in flight, else (or if Redis cannot say) None."""
        if self._away():
            return None
        try:
            started, finished = self.redis.mget(self._keys(workshop_id))
        except Exception:  # noqa: BLE001
            self._failed()
            return None
        if started != finished:
            return None
        return int(started or 0), int(finished or 0)


class SnapshotCache:
    """The latest read of each workshop, valid until the workshop's next change."""

    def __init__(self, enabled: bool = True, shared: SharedWrites | None = None) -> None:
        self.enabled = enabled
        self.shared = shared
        self._generation: defaultdict[int, int] = defaultdict(int)
        self._reads: dict[int, tuple[int, tuple | None, float, WorkshopRead]] = {}
        self._locks: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)
        self.stats = {"reads": 0, "hits": 0}

    def _tag(self, workshop_id: int) -> tuple | None:
        """What must be unchanged for a kept read to hold; None: do not keep or reuse."""
        if self.shared is None:
            return ()
        return self.shared.quiet(workshop_id)

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
            tag = self._tag(workshop_id)
            kept = self._reads.get(workshop_id)
            if (kept is not None and tag is not None and kept[0] == generation
                    and kept[1] == tag and (self.shared is None
                                            or time.monotonic() - kept[2] < SHARED_MAX_AGE)):
                self.stats["hits"] += 1
                return kept[3]
            started = time.monotonic()
            fresh = read(workshop_id)
            self.stats["reads"] += 1
            # Kept only if nothing was committed (here or, counted in Redis, anywhere)
            # while reading.
            if (tag is not None and self._generation[workshop_id] == generation
                    and (self.shared is None or self._tag(workshop_id) == tag)):
                if len(self._reads) >= MAX_WORKSHOPS:
                    self._reads.clear()
                self._reads[workshop_id] = (generation, tag, started, fresh)
            else:
                self._reads.pop(workshop_id, None)
            return fresh
