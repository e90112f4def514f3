"""Closing a room disconnects its sockets, on every worker.

Rights must hold over the life of a connection: when a workshop is deleted
or a co-facilitator link revoked, no open socket may keep receiving. Each
worker only knows its own sockets, so the deleting worker cannot list them.
python-socketio's message queue already carries ``close_room`` to every
worker (``PubSubManager.close_room`` handles it locally and publishes it);
these managers make each worker, on closing a room, first disconnect the
sockets it holds in that room. The application only ever closes a room to
evict its members (``publisher.evict``).
"""
from __future__ import annotations

import socketio

from .queue import ReliableRedisManager


class EvictOnClose:
    """Mixin for a python-socketio client manager: closing a room disconnects its members."""

    def basic_close_room(self, room, namespace):
        """Disconnect this worker's sockets in ``room``, then forget the room."""
        members = [sid for sid, _eio in self.get_participants(namespace, room)]
        for sid in members:
            # ignore_queue: each worker disconnects only its own sockets.
            self.server.disconnect(sid, namespace=namespace, ignore_queue=True)
        return super().basic_close_room(room, namespace)


class EvictingManager(EvictOnClose, socketio.Manager):
    """One process, no message queue."""


class EvictingRedisManager(EvictOnClose, ReliableRedisManager):
    """Several workers sharing Redis (app/realtime/queue.py: no silent loss)."""


def client_manager(redis_url: str | None, channel: str):
    """The client manager for ``socketio.init_app(client_manager=...)``."""
    if redis_url:
        return EvictingRedisManager(redis_url, channel=channel)
    return EvictingManager()
