"""Running the WSGI app on eventlet or gevent, sized for a QR-code join storm.

``socketio.run`` would leave eventlet at 1,024 connections and a listen
backlog of 50: when a room scans the code at once, phones beyond the
backlog wait for TCP retries (1 s, 3 s, 7 s ...). We open the listening
socket ourselves with a large backlog and lift the connection cap.
"""
from __future__ import annotations

BACKLOG = 2048
MAX_CONNECTIONS = 10_000


def serve(app, host: str, port: int, async_mode: str) -> None:
    """Serve ``app`` until interrupted."""
    if async_mode == "eventlet":
        import eventlet
        import eventlet.wsgi

        listener = eventlet.listen((host, port), backlog=BACKLOG)
        eventlet.wsgi.server(listener, app, max_size=MAX_CONNECTIONS, log_output=False)
    elif async_mode == "gevent":
        from gevent import pool, pywsgi
        from gevent.server import _tcp_listener

        listener = _tcp_listener((host, port), backlog=BACKLOG, reuse_addr=True)
        server = pywsgi.WSGIServer(listener, app, spawn=pool.Pool(MAX_CONNECTIONS), log=None)
        server.serve_forever()
    else:
        raise ValueError(f"unsupported async mode: {async_mode}")
