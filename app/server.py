"""Running the WSGI app on eventlet or gevent, sized for a QR-code join storm.

``socketio.run`` would leave eventlet at 1,024 connections and a listen
backlog of 50: when a room scans the code at once, phones beyond the
backlog wait for TCP retries (1 s, 3 s, 7 s ...). We open the listening
socket ourselves with a large backlog and lift the connection cap.
"""
from __future__ import annotations

import os
import signal
import time

BACKLOG = 2048
MAX_CONNECTIONS = 10_000
DRAIN_SECONDS = 5.0
# A request's line and headers must arrive within this many seconds (slow or half-sent
# requests would otherwise hold a connection each for ever); an idle keep-alive
# connection is closed after the same time. Upgraded WebSockets are not affected.
HEADER_SECONDS = float(os.environ.get("VERKSTED_HEADER_TIMEOUT", "30"))


class _HeaderDeadline:
    """Mixed into a server's request handler: one deadline for a request's line and headers.

    One deadline for the request line and every header line together, so a client
    trickling a byte at a time gets no longer than one that sends none. Both servers
    close the connection on the ``TimeoutError`` (``socket.timeout``) it raises.
    ``start_timer(seconds, exception)`` is the green library's running timeout.
    """

    start_timer = None
    _deadline = None

    def _start_deadline(self) -> None:
        self._deadline = self.start_timer(HEADER_SECONDS, TimeoutError("header timeout"))

    def _then_end_deadline(self, step, *args):
        try:
            return step(*args)
        finally:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None


def _gevent_handler():
    """gevent's WSGI handler with a deadline on each request's line and headers."""
    import gevent
    from gevent import pywsgi

    class HeaderDeadlineHandler(_HeaderDeadline, pywsgi.WSGIHandler):
        start_timer = staticmethod(gevent.Timeout.start_new)

        def read_requestline(self):
            self._start_deadline()
            return super().read_requestline()

        def read_request(self, raw_requestline):
            return self._then_end_deadline(super().read_request, raw_requestline)

        def handle_one_request(self):
            result = self._then_end_deadline(super().handle_one_request)
            # A WebSocket (simple-websocket answers 101 and speaks on the raw socket, so
            # pywsgi never learns of the upgrade) is over when the application returns:
            # close the connection, as eventlet does, rather than keep it open waiting for
            # a next request. After the close handshake the client waits for the server to
            # close TCP (python-socketio's client for 3 s, per disconnect).
            if result is True and self.environ.get("HTTP_UPGRADE", "").lower() == "websocket":
                return None
            return result

    return HeaderDeadlineHandler


def _eventlet_protocol():
    """eventlet's HTTP protocol with the same deadline (eventlet itself bounds only each
    read of the request line, so trickled or unfinished headers held a connection)."""
    import eventlet
    import eventlet.wsgi

    class HeaderDeadlineProtocol(_HeaderDeadline, eventlet.wsgi.HttpProtocol):
        start_timer = eventlet.Timeout

        def _read_request_line(self):
            self._start_deadline()
            return super()._read_request_line()

        def parse_request(self):
            return self._then_end_deadline(super().parse_request)

        def handle_one_request(self):
            return self._then_end_deadline(super().handle_one_request)

    return HeaderDeadlineProtocol


def _drain_and_exit(app) -> None:
    """Graceful stop: refuse new writes, finish those in flight, tell clients, exit.

    Every acknowledged write is already committed (acks follow commits), so
    nothing acknowledged is lost even if this is cut short; clients reconnect
    by themselves and re-send whatever was not acknowledged from their outbox.
    """
    from .domain import events as ev
    from .extensions import db, socketio
    from .realtime.handlers import lifecycle

    lifecycle.draining = True
    deadline = time.monotonic() + DRAIN_SECONDS
    while lifecycle.in_flight and time.monotonic() < deadline:
        socketio.sleep(0.05)
    try:
        # This worker's clients only: through the message queue it would reach every
        # worker's clients, and theirs are not going to be dropped (docs/protocol.md).
        socketio.emit(ev.SERVER_RESTARTING, {}, ignore_queue=True)
        socketio.sleep(0.2)
    finally:
        # Counted sessions live in Redis with several workers: uncount ours now rather
        # than leave them to run out their lease (app/realtime/sessions.py).
        app.extensions["verksted_sessions"].release_all()
        db.dispose()
        os._exit(0)


def _on_terminate(app, spawn) -> None:
    def handler(_signum, _frame) -> None:
        spawn(_drain_and_exit, app)
    signal.signal(signal.SIGTERM, handler)


def _wake_on_signals() -> None:
    """Wake eventlet's loop when a signal arrives, whichever thread the kernel gave it to.

    A thread started by a C library (OpenBLAS, once numpy is imported, e.g. by
    openpyxl) can receive SIGTERM; the main thread then sleeps on in epoll and the
    Python handler would wait for the next network event. CPython writes every
    signal to the wakeup fd, and the loop watches its other end.
    """
    from eventlet.hubs import trampoline

    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    os.set_blocking(write_end, False)
    signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)

    def empty() -> None:
        while True:
            trampoline(read_end, read=True)
            try:
                os.read(read_end, 512)
            except BlockingIOError:
                pass

    import eventlet
    eventlet.spawn(empty)


def serve(app, host: str, port: int, async_mode: str) -> None:
    """Serve ``app`` until interrupted."""
    from . import gc_pacing
    from .realtime.handlers import lifecycle
    # Start-up objects frozen, full collections only while quiet (see gc_pacing).
    gc_pacing.start(app.extensions["socketio"], busy=lambda: lifecycle.in_flight > 0)
    wsgi = gc_pacing.counting(app)
    if async_mode == "eventlet":
        import eventlet
        import eventlet.wsgi

        listener = eventlet.listen((host, port), backlog=BACKLOG)
        _on_terminate(app, eventlet.spawn)
        _wake_on_signals()
        eventlet.wsgi.server(listener, wsgi, max_size=MAX_CONNECTIONS, log_output=False,
                             keepalive=HEADER_SECONDS, protocol=_eventlet_protocol())
    elif async_mode == "gevent":
        from gevent import pool, pywsgi
        from gevent.server import _tcp_listener

        listener = _tcp_listener((host, port), backlog=BACKLOG, reuse_addr=True)
        import gevent
        server = pywsgi.WSGIServer(listener, wsgi, spawn=pool.Pool(MAX_CONNECTIONS), log=None,
                                   handler_class=_gevent_handler())
        gevent.signal_handler(signal.SIGTERM, lambda: gevent.spawn(_drain_and_exit, app))
        server.serve_forever()
    else:
        raise ValueError(f"unsupported async mode: {async_mode}")
