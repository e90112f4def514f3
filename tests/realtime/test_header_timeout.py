"""Half-sent requests do not hold the embedded server's connections (issue 12, item 12).

A real server, under gevent and under eventlet, with a 2-second header deadline:
raw sockets that send part of a request (or a header a byte at a time, or
nothing) must be closed by the server, while a complete request on the same
server is still answered.
"""
from __future__ import annotations

import socket
import time

import pytest
import requests

DEADLINE = 2.0
HALF_SENT = 300  # as many as the security probe held open


def _closed_by_server(sock: socket.socket, within: float) -> bool:
    """Whether the server ends the connection (EOF, reset, or an error answer) in time."""
    sock.settimeout(within)
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return True
            if data.startswith(b"HTTP/1.1 400") or data.startswith(b"HTTP/1.0 400"):
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def _open(port: int, first: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    if first:
        sock.sendall(first)
    return sock


@pytest.mark.parametrize("mode", ["gevent", "eventlet"])
def test_silent_and_half_sent_requests_are_closed_after_the_header_deadline(
        server_factory, mode):
    server = server_factory(async_mode=mode, env={"VERKSTED_HEADER_TIMEOUT": str(DEADLINE)})
    silent = [_open(server.port, b"") for _ in range(20)]
    kinds = {"silent": silent,
             "half-sent": [_open(server.port, b"GET / HTTP/1.1\r\nHost: x\r\n")
                           for _ in range(HALF_SENT)]}
    trickle = _open(server.port, b"GET / HTTP/1.1\r\n")
    started = time.monotonic()
    # The trickling client sends a header byte every 0.3 s: each read is quick, the
    # whole header never ends; one deadline for all of it still closes the connection.
    closed = False
    for byte in b"X-Slow: " + b"a" * 200:
        try:
            trickle.sendall(bytes([byte]))
        except OSError:
            closed = True
            break
        time.sleep(0.3)
        if time.monotonic() - started > DEADLINE * 10:
            break
    assert closed or _closed_by_server(trickle, 1.0), "a trickled header kept its connection"
    trickle.close()
    # A complete request is answered meanwhile.
    assert requests.get(f"{server.url}/healthz", timeout=10).ok
    for kind, sockets in kinds.items():
        for sock in sockets:
            assert _closed_by_server(sock, DEADLINE * 10), f"a {kind} connection was held"
            sock.close()


@pytest.mark.parametrize("mode", ["gevent", "eventlet"])
def test_a_websocket_the_client_closes_is_closed_by_the_server_at_once(tmp_path, mode):
    """After the close handshake the server closes TCP (RFC 6455 §7.1.1); a client waits
    for it (python-socketio's for 3 s on every disconnect). Under gevent the connection
    stayed open, waiting for a next request until the keep-alive deadline (30 s)."""
    import websocket

    from tests.support.servers import ServerProcess

    server = ServerProcess(tmp_path, async_mode=mode,
                           env={"DATABASE_URL": f"sqlite:///{tmp_path / 'ws.db'}"})
    server.start()
    try:
        for goodbye in ("engine.io close packet", "close frame"):
            ws = websocket.create_connection(
                f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket", timeout=10)
            assert ws.recv().startswith("0{")  # engine.io's open packet
            if goodbye == "engine.io close packet":  # what python-socketio sends first
                ws.send("1")
            ws.send(b"\x03\xe8", opcode=websocket.ABNF.OPCODE_CLOSE)
            ws.sock.settimeout(2)
            received = b""
            try:
                while chunk := ws.sock.recv(4096):  # the server's close frame, then EOF
                    received += chunk
            except socket.timeout:
                pytest.fail(f"{goodbye}: the server kept the connection open")
            assert b"\x88" in received, f"{goodbye}: no close frame before EOF"
            ws.sock.close()
    finally:
        server.stop()
