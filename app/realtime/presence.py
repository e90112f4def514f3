"""How many participants are connected, and calm broadcasting of counters.

A participant with two tabs counts once. Broadcasts of counters are
coalesced: however many phones join (or vote) in a second, a workshop gets
at most one ``presence`` (or ``votes:progress``) event per interval; a
QR-code join storm would otherwise send every screen one event per phone.
"""
from __future__ import annotations

import logging
import threading
from collections import Counter, defaultdict

from ..domain import events as ev
from .publish import publisher

log = logging.getLogger(__name__)


class InMemoryPresence:
    """Presence for one worker process (the embedded default)."""

    def __init__(self) -> None:
        self._by_workshop: defaultdict[int, Counter] = defaultdict(Counter)
        self._lock = threading.Lock()

    def join(self, workshop_id: int, participant_id: int) -> None:
        """One more socket for this participant."""
        with self._lock:
            self._by_workshop[workshop_id][participant_id] += 1

    def leave(self, workshop_id: int, participant_id: int) -> None:
        """One socket fewer for this participant."""
        with self._lock:
            sockets = self._by_workshop[workshop_id]
            sockets[participant_id] -= 1
            if sockets[participant_id] <= 0:
                del sockets[participant_id]
            if not sockets:
                del self._by_workshop[workshop_id]

    def count(self, workshop_id: int) -> int:
        """Distinct participants connected."""
        with self._lock:
            return len(self._by_workshop.get(workshop_id, ()))

    def sockets(self, workshop_id: int) -> dict[int, int]:
        """Sockets per participant of one workshop, on this worker."""
        with self._lock:
            return dict(self._by_workshop.get(workshop_id, {}))

    def workshops(self) -> list[int]:
        """Workshops with at least one participant connected here."""
        with self._lock:
            return list(self._by_workshop)

    def heartbeat(self) -> None:
        """Nothing to renew in memory."""


class Coalescer:
    """Turns bursts of changes into at most one ``send(key)`` per interval per key."""

    def __init__(self, socketio, interval: float, send) -> None:
        self.socketio = socketio
        self.interval = interval
        self.send = send
        self._pending: set = set()
        self._lock = threading.Lock()

    def changed(self, key) -> None:
        """Schedule a send for ``key`` unless one is already due."""
        with self._lock:
            if key in self._pending:
                return
            self._pending.add(key)
        self.socketio.start_background_task(self._send_later, key)

    def changed_board(self, workshop_id: int, board_id: int) -> None:
        """``changed`` keyed by (workshop, board), as board listeners call it."""
        self.changed((workshop_id, board_id))

    def _send_later(self, key) -> None:
        self.socketio.sleep(self.interval)
        with self._lock:
            self._pending.discard(key)
        try:
            self.send(key)
        except Exception:  # noqa: BLE001 - a failed broadcast must not kill the worker
            log.exception("coalesced broadcast failed")


def presence_broadcaster(presence, joins_per_minute=None) -> callable:
    """The ``send`` of the presence coalescer: the count to every audience, and to
    the facilitator also how many new participants joined this minute (a sudden
    flood of fresh phones is visible there: see docs/security.md)."""
    def send(workshop_id: int) -> None:
        count = presence.count(workshop_id)
        staff = {"count": count}
        if joins_per_minute is not None:
            staff["joins_per_minute"] = joins_per_minute(workshop_id)
        publisher.to_audiences(workshop_id, ev.PRESENCE, {"*": {"count": count},
                                                          "facilitator": staff})
    return send


class RedisPresence:
    """Presence shared by several workers through Redis.

    Each worker keeps its own hash per workshop (participant -> sockets) with
    a time-to-live, and registers itself in the workshop's set of workers.
    A heartbeat rewrites the hash from the worker's own memory, so a worker
    that crashes stops counting within ``ttl`` seconds, and after Redis
    restarts (it keeps nothing on disk) the counts are back within one beat.
    Redis being away never refuses a phone: presence is best effort.
    """

    def __init__(self, client, worker_id: str, prefix: str = "verksted", ttl: int = 30) -> None:
        self.redis = client
        self.worker_id = worker_id
        self.prefix = prefix
        self.ttl = ttl
        self.local = InMemoryPresence()

    def _key(self, workshop_id: int, worker: str) -> str:
        return f"{self.prefix}:presence:{workshop_id}:{worker}"

    def _index(self, workshop_id: int) -> str:
        return f"{self.prefix}:presence:{workshop_id}:workers"

    def _write(self, pipe, workshop_id: int) -> None:
        key = self._key(workshop_id, self.worker_id)
        pipe.delete(key)
        sockets = self.local.sockets(workshop_id)
        if sockets:
            pipe.hset(key, mapping=sockets)
            pipe.expire(key, self.ttl)
        pipe.sadd(self._index(workshop_id), self.worker_id)
        pipe.expire(self._index(workshop_id), self.ttl * 2)

    def _sync(self, workshop_ids) -> None:
        try:
            pipe = self.redis.pipeline()
            for workshop_id in workshop_ids:
                self._write(pipe, workshop_id)
            pipe.execute()
        except Exception as error:  # noqa: BLE001 - redis down: keep serving
            log.warning("presence not shared (Redis unavailable): %s", error)

    def join(self, workshop_id: int, participant_id: int) -> None:
        """One more socket for this participant, on this worker."""
        self.local.join(workshop_id, participant_id)
        self._sync([workshop_id])

    def leave(self, workshop_id: int, participant_id: int) -> None:
        """One socket fewer for this participant, on this worker."""
        self.local.leave(workshop_id, participant_id)
        self._sync([workshop_id])

    def count(self, workshop_id: int) -> int:
        """Distinct participants connected to any live worker."""
        try:
            people: set[bytes] = set()
            for worker in self.redis.smembers(self._index(workshop_id)):
                people.update(self.redis.hkeys(self._key(workshop_id, worker.decode())))
            return len(people)
        except Exception as error:  # noqa: BLE001
            log.warning("presence count from this worker only: %s", error)
            return self.local.count(workshop_id)

    def workshops(self) -> list[int]:
        return self.local.workshops()

    def heartbeat(self) -> None:
        """Rewrite this worker's entries (every ``ttl / 3`` seconds)."""
        self._sync(self.local.workshops())
