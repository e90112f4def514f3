"""How many participants are connected to each workshop, broadcast at a calm rate.

A participant with two tabs counts once. Broadcasts are coalesced: however
many phones join in a second, a workshop gets at most one ``presence``
event per ``PRESENCE_INTERVAL`` (a QR-code join storm would otherwise send
every screen one event per arriving phone).
"""
from __future__ import annotations

import threading
from collections import Counter, defaultdict

from ..domain import events as ev
from .publish import publisher


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


class PresenceNotifier:
    """Coalesces presence changes into at most one broadcast per interval."""

    def __init__(self, presence, socketio, interval: float) -> None:
        self.presence = presence
        self.socketio = socketio
        self.interval = interval
        self._pending: set[int] = set()
        self._lock = threading.Lock()

    def changed(self, workshop_id: int) -> None:
        """Schedule a broadcast for this workshop unless one is already due."""
        with self._lock:
            if workshop_id in self._pending:
                return
            self._pending.add(workshop_id)
        self.socketio.start_background_task(self._send_later, workshop_id)

    def _send_later(self, workshop_id: int) -> None:
        self.socketio.sleep(self.interval)
        with self._lock:
            self._pending.discard(workshop_id)
        publisher.to_audiences(workshop_id, ev.PRESENCE,
                               {"*": {"count": self.presence.count(workshop_id)}})
