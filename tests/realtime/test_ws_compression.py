"""The server chooses the WebSocket compression window (docs/performance.md, "WebSocket
compression"): a real handshake offering permessage-deflate as browsers do.

That a browser still talks to the server with this answer is covered by every
Chromium test, e.g. tests/e2e/test_workshop_flow.py (Chromium offers
``permessage-deflate; client_max_window_bits`` on every socket).
"""
from __future__ import annotations

import base64
import os
import socket
import zlib

import pytest

from tests.support.servers import ServerProcess

CHROMIUM_OFFER = "permessage-deflate; client_max_window_bits"


def handshake(port: int, offer: str | None) -> tuple[dict, bytes]:
    """Upgrade a Socket.IO connection; the response headers and the first frame's bytes."""
    key = base64.b64encode(os.urandom(16)).decode()
    lines = ["GET /socket.io/?EIO=4&transport=websocket HTTP/1.1",
             f"Host: 127.0.0.1:{port}", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13",
             f"Origin: http://127.0.0.1:{port}"]
    if offer:
        lines.append(f"Sec-WebSocket-Extensions: {offer}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        received = b""
        while b"\r\n\r\n" not in received:
            received += conn.recv(4096)
        head, rest = received.split(b"\r\n\r\n", 1)
        # The Engine.IO open packet follows at once: read its frame whole.
        while len(rest) < 2 or len(rest) < 2 + (rest[1] & 0x7F):
            rest += conn.recv(4096)
    status, *headers = head.decode().split("\r\n")
    assert " 101 " in status, head
    return {k.lower(): v.strip() for k, v in (h.split(":", 1) for h in headers)}, rest


def first_message(frame: bytes, window_bits: int) -> str:
    """The text of a short frame, inflated with the negotiated window when RSV1 is set."""
    length = frame[1] & 0x7F
    assert length < 126, "the open packet is short"
    payload = frame[2:2 + length]
    if frame[0] & 0x40:
        payload = zlib.decompressobj(-window_bits).decompress(payload + b"\x00\x00\xff\xff")
    return payload.decode()


@pytest.fixture(scope="module", params=["gevent", "eventlet"])
def started(request, tmp_path_factory):
    """One server per async mode with the default setting, one with compression off."""
    servers = {}
    for name, env in (("default", {}), ("off", {"VERKSTED_WS_COMPRESSION": "off"})):
        server = ServerProcess(tmp_path_factory.mktemp(f"ws-{name}"),
                               async_mode=request.param, env=env)
        server.start()
        servers[name] = server
    yield servers
    for server in servers.values():
        server.stop()


def test_browser_offer_gets_small_windows_both_ways(started):
    headers, frame = handshake(started["default"].port, CHROMIUM_OFFER)
    params = {p.strip() for p in headers["sec-websocket-extensions"].split(";")}
    assert params == {"permessage-deflate", "server_max_window_bits=10",
                      "client_max_window_bits=10"}
    assert frame[0] & 0x40, "the server compresses"
    assert first_message(frame, 10).startswith('0{"sid"')


def test_client_without_window_parameter_gets_only_the_server_window(started):
    headers, _frame = handshake(started["default"].port, "permessage-deflate")
    params = {p.strip() for p in headers["sec-websocket-extensions"].split(";")}
    assert params == {"permessage-deflate", "server_max_window_bits=10"}


def test_a_smaller_window_asked_for_is_kept(started):
    headers, frame = handshake(started["default"].port,
                               "permessage-deflate; server_max_window_bits=9; "
                               "client_max_window_bits=12")
    params = {p.strip() for p in headers["sec-websocket-extensions"].split(";")}
    assert params == {"permessage-deflate", "server_max_window_bits=9",
                      "client_max_window_bits=10"}
    assert first_message(frame, 9).startswith('0{"sid"')


def test_compression_off_accepts_without_extension(started):
    headers, frame = handshake(started["off"].port, CHROMIUM_OFFER)
    assert "sec-websocket-extensions" not in headers
    assert not frame[0] & 0x40
    assert first_message(frame, 15).startswith('0{"sid"')
