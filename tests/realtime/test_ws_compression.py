"""The server chooses the WebSocket compression window (docs/performance.md, "WebSocket
compression"): a real handshake offering permessage-deflate as browsers do.

That a browser still talks to the server with this answer is covered by every
Chromium test, e.g. tests/e2e/test_workshop_flow.py (Chromium offers
``permessage-deflate; client_max_window_bits`` on every socket).
"""
from __future__ import annotations

import base64
import json
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


def _screen(port: int, secret: str, compression: str | None):
    """A projector over a strict WebSocket client (the `websockets` library: it checks
    every frame and inflates with the negotiated window), past the Socket.IO connect."""
    from websockets.sync.client import connect as ws_connect
    ws = ws_connect(f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket",
                    origin=f"http://127.0.0.1:{port}", compression=compression,
                    max_size=None, open_timeout=10)
    assert ws.recv(timeout=10).startswith("0{")
    ws.send("40" + json.dumps({"role": "projector", "secret": secret}))
    while not ws.recv(timeout=10).startswith("40"):
        pass
    return ws


def _events(ws, name: str, count: int) -> list:
    """The next ``count`` events called ``name`` (answering Engine.IO pings meanwhile)."""
    found = []
    while len(found) < count:
        packet = ws.recv(timeout=30)
        if packet == "2":
            ws.send("3")
        elif packet.startswith("42["):
            event, payload = json.loads(packet[2:])
            if event == name:
                found.append(payload)
    return found


@pytest.mark.parametrize("name", ["default", "off"])
def test_every_message_arrives_whole_and_in_order(started, name):
    """Notes of every size, and a snapshot whose frame needs the 8-byte length, reach a
    strict client intact and in order, deflated (the server frames text itself on gevent,
    app/realtime/deflate.py text_frame) and not."""
    import random
    import string

    from tests.support.workshops import create_workshop, facilitator

    server = started[name]
    links = create_workshop(server.url)
    lead = facilitator(links)
    screens = []
    try:
        board = lead.wait_for("snapshot")["boards"][0]["id"]
        screens = [_screen(server.port, links.projector_secret, compression)
                   for compression in ("deflate", None)]
        rng = random.Random(14)
        letters = string.ascii_letters + string.digits + "æøåÆØÅ«»—"
        texts = [" ".join("".join(rng.choices(letters, k=rng.randint(1, 30)))
                          for _ in range(rng.choice([1, 3, 9])))[:280].strip() for _ in range(150)]
        texts += ["".join(rng.choices(letters, k=280)) for _ in range(250)]
        for start in range(0, len(texts), 25):  # a request stays under 16 KB
            answer = lead.call("note:create_many", {"board_id": board, "notes": [
                {"text": t, "cid": f"frame-{start + k:05d}"}
                for k, t in enumerate(texts[start:start + 25])]}, timeout=60)
            assert answer["ok"], answer
        for ws in screens:
            got = _events(ws, "note:created", len(texts))
            assert [p["note"]["text"] for p in got] == texts
            assert [p["version"] for p in got] == sorted(p["version"] for p in got)
            ws.send('421["snapshot:get",{}]')
            while not (packet := ws.recv(timeout=30)).startswith("431"):
                pass
            assert len(packet) > 1 << 17  # ~180 KB: over 64 KB deflated too (8-byte length)
            [answer] = json.loads(packet[3:])
            assert [n["text"] for n in answer["snapshot"]["boards"][0]["notes"]] == texts
    finally:
        for ws in screens:
            ws.close()
        lead.close()
