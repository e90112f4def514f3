"""Engine.IO sessions: counted per address from the handshake, closed if they never sign in.

A socket authenticates in the Socket.IO ``connect`` (app/realtime/handlers.py),
but the Engine.IO session under it exists from the first polling or WebSocket
handshake on, and python-socketio keeps it for as long as the client answers
pings, whether or not a Socket.IO CONNECT ever comes (Socket.IO's Node server
has ``connectTimeout`` for this; python-socketio 5 has none). So the cap on
sockets per address counts Engine.IO sessions, from the handshake to the end
of the session, and a session without a Socket.IO connection for
``deadline`` seconds is closed by the server.

Hooked into Engine.IO's ``connect`` and ``disconnect`` events, which
python-socketio uses itself (our hooks call its handlers). Engine.IO fires
``disconnect`` exactly once for every session it accepted, whatever ends it
(client close, transport error, ping timeout, server close), so every counted
session is uncounted once.
"""
from __future__ import annotations

import logging
import time
from typing import Callable

log = logging.getLogger(__name__)

NAMESPACE = "/"  # the app's only Socket.IO namespace
RENEW_EVERY = 30.0  # seconds between renewals of this worker's counted sessions (Redis leases)


class SessionGuard:
    """Counts each Engine.IO session against its address's cap; closes unauthenticated ones."""

    def __init__(self, limiter, deadline: float, refusal: Callable[[dict], dict]) -> None:
        self.limiter = limiter
        self.deadline = deadline
        self.refusal = refusal  # environ -> the 401 body of a handshake over the cap
        self.period = max(0.1, min(deadline / 3, 5.0))
        self.open: dict[str, str | None] = {}  # Engine.IO sid -> client address
        self.alone_since: dict[str, float] = {}  # sid -> since when it has no Socket.IO link
        self.server = None
        self._sweeping = False

    def install(self, server) -> None:
        """Wrap python-socketio's Engine.IO event handlers of ``server`` (a socketio.Server)."""
        self.server = server
        eio = server.eio
        opened, closed = eio.handlers["connect"], eio.handlers["disconnect"]

        def on_open(eio_sid: str, environ: dict):
            if not self.admit(eio_sid, environ.get("REMOTE_ADDR")):
                return self.refusal(environ)  # Engine.IO answers 401 with this body
            answer = False
            try:
                answer = opened(eio_sid, environ)
                return answer
            finally:
                if answer is not None and answer is not True:
                    self.release(eio_sid)  # refused after all: Engine.IO drops it silently

        def on_close(eio_sid: str, reason=None):
            try:
                return closed(eio_sid, reason)
            finally:
                self.release(eio_sid)

        eio.on("connect", on_open)
        eio.on("disconnect", on_close)

    def admit(self, eio_sid: str, address: str | None) -> bool:
        """Count a new session against its address; False when the address is at its cap."""
        if not self.limiter.connect(address, eio_sid):
            return False
        self.open[eio_sid] = address
        self.alone_since[eio_sid] = time.monotonic()
        if not self._sweeping:
            self._sweeping = True
            self.server.start_background_task(self._sweep_forever)
        return True

    def release(self, eio_sid: str) -> None:
        """Uncount an ended session (once, however often it is told)."""
        self.alone_since.pop(eio_sid, None)
        if eio_sid in self.open:
            self.limiter.disconnect(self.open.pop(eio_sid), eio_sid)

    def release_all(self) -> None:
        """Uncount every session of this worker (it is about to exit)."""
        for eio_sid in list(self.open):
            self.release(eio_sid)

    def sweep(self, now: float) -> None:
        """Close every session that has had no Socket.IO connection for ``deadline`` seconds."""
        manager, sockets = self.server.manager, self.server.eio.sockets
        for eio_sid in list(self.open):
            if eio_sid not in sockets:
                self.release(eio_sid)  # gone without a word: never stay counted
            elif manager.sid_from_eio_sid(eio_sid, NAMESPACE) is not None:
                self.alone_since.pop(eio_sid, None)  # connected, or its connect is running
            elif now - self.alone_since.setdefault(eio_sid, now) >= self.deadline:
                self._close(sockets[eio_sid])

    def _close(self, socket) -> None:
        # Not Engine.IO's Server.disconnect(): it waits until a polling client has
        # collected its queue, for ever if that client never polls again.
        socket.close(wait=False, reason=self.server.eio.reason.SERVER_DISCONNECT)

    def _sweep_forever(self) -> None:
        renewed = time.monotonic()
        while True:
            self.server.sleep(self.period)
            now = time.monotonic()
            try:
                self.sweep(now)
                if now - renewed >= RENEW_EVERY:
                    renewed = now
                    self.limiter.renew(dict(self.open))
            except Exception:  # noqa: BLE001 - the sweeper must outlive any one failure
                log.exception("session sweep failed")
