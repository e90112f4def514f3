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

    def _send_later(self, key) -> None:
        self.socketio.sleep(self.interval)
        with self._lock:
            self._pending.discard(key)
        try:
            self.send(key)
        except Exception:  # noqa: BLE001 - a failed broadcast must not kill the worker
            log.exception("coalesced broadcast failed")


def presence_broadcaster(presence) -> callable:
    """The ``send`` of the presence coalescer: the count to every audience."""
    def send(workshop_id: int) -> None:
        publisher.to_audiences(workshop_id, ev.PRESENCE,
                               {"*": {"count": presence.count(workshop_id)}})
    return send
