"""A lean phone: HTTP GET of the join page, then Socket.IO v5 over Engine.IO v4 over WebSocket.

No python-socketio client here: it costs about four times the CPU per received
message of raw framing, and the generator has to carry thousands of phones on
the same two cores as the server. Framing used (text packets only):

    Engine.IO  0 open, 2 ping, 3 pong, 4 message
    Socket.IO  40 connect (auth JSON), 42[ack id][event, payload], 43<ack id>[result], 44 error

Timestamps are ``time.monotonic()`` (CLOCK_MONOTONIC, shared by every process
on the machine), so a time written by one generator process can be compared
with an arrival seen in another.
"""
from __future__ import annotations

import asyncio
import json
import time
from http.cookies import SimpleCookie

from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed

now = time.monotonic


class HandshakeRefused(Exception):
    """The server answered the Socket.IO connect with an error packet."""


async def http_get(host: str, port: int, path: str, cookie: str = "",
                   timeout: float = 30.0) -> tuple[int, dict[str, str], int]:
    """GET ``path`` with a minimal HTTP/1.1 client: (status, cookies set, body bytes)."""
    async def fetch():
        reader, writer = await asyncio.open_connection(host, port)
        try:
            request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                       "User-Agent: verksted-bench\r\nAccept: text/html\r\n"
                       "Accept-Language: nb\r\nConnection: close\r\n")
            if cookie:
                request += f"Cookie: {cookie}\r\n"
            writer.write((request + "\r\n").encode())
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            cookies: dict[str, str] = {}
            length = None
            for line in lines[1:]:
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name == "set-cookie":
                    jar = SimpleCookie()
                    jar.load(value.strip())
                    cookies.update({k: m.value for k, m in jar.items()})
                elif name == "content-length":
                    length = int(value)
            body = await (reader.readexactly(length) if length is not None else reader.read())
            return status, cookies, len(body)
        finally:
            writer.close()
    return await asyncio.wait_for(fetch(), timeout)


class Socket:
    """One Socket.IO connection on the default namespace.

    ``on_event(name, payload, raw_len, arrived)`` is called for every server
    push; requests get their acknowledgement through ``call``.
    """

    def __init__(self, on_event) -> None:
        self.on_event = on_event
        self.ws = None
        self.sid = None
        self._acks: dict[int, asyncio.Future] = {}
        self._next_ack = 0
        self._reader: asyncio.Task | None = None
        self.connected = asyncio.Event()
        self.closed = False
        self.refused: object = None
        self.frames_in = 0
        self.frames_out = 0
        self.compression = None

    async def open(self, host: str, port: int, auth: dict, cookie: str = "",
                   compression: bool = True, timeout: float = 30.0) -> None:
        """WebSocket + Engine.IO open + Socket.IO connect with ``auth``; returns when admitted."""
        headers = {"Cookie": cookie} if cookie else {}
        self.ws = await ws_connect(
            f"ws://{host}:{port}/socket.io/?EIO=4&transport=websocket",
            additional_headers=headers, compression="deflate" if compression else None,
            ping_interval=None, max_size=2 ** 24, open_timeout=timeout, close_timeout=1,
            user_agent_header="verksted-bench")
        extensions = getattr(self.ws.protocol, "extensions", []) or []
        self.compression = ",".join(e.name for e in extensions) or None
        opening = await asyncio.wait_for(self.ws.recv(), timeout)
        if not opening.startswith("0"):
            raise HandshakeRefused(opening[:200])
        await self.ws.send("40" + json.dumps(auth, separators=(",", ":")))
        self.frames_out += 1
        self._reader = asyncio.get_running_loop().create_task(self._read())
        await asyncio.wait_for(self.connected.wait(), timeout)
        if self.refused is not None:
            raise HandshakeRefused(self.refused)

    async def _read(self) -> None:
        ws = self.ws
        try:
            async for frame in ws:
                arrived = now()
                self.frames_in += 1
                kind = frame[0]
                if kind == "4":
                    sub = frame[1]
                    if sub == "2":
                        body = frame[2:]
                        if body[0] != "[":  # an ack id before the array: not sent by servers here
                            body = body[body.index("["):]
                        name, *args = json.loads(body)
                        self.on_event(name, args[0] if args else None, len(frame), arrived)
                    elif sub == "3":
                        cut = frame.index("[")
                        future = self._acks.pop(int(frame[2:cut]), None)
                        if future is not None and not future.done():
                            result = json.loads(frame[cut:])
                            future.set_result((result[0] if result else None, arrived))
                    elif sub == "0":
                        self.sid = json.loads(frame[2:]).get("sid") if len(frame) > 2 else None
                        self.connected.set()
                    elif sub == "4":
                        self.refused = json.loads(frame[2:]) if len(frame) > 2 else "refused"
                        self.connected.set()
                    elif sub == "1":
                        break
                elif kind == "2":  # Engine.IO ping: answer at once
                    await ws.send("3")
                    self.frames_out += 1
                elif kind == "1":
                    break
        except (ConnectionClosed, OSError, asyncio.CancelledError):
            pass
        finally:
            self.closed = True
            self.connected.set()
            for future in self._acks.values():
                if not future.done():
                    future.set_exception(ConnectionError("socket closed"))
            self._acks.clear()

    def send(self, event: str, payload) -> asyncio.Future:
        """Emit with an acknowledgement; the future gets ``(result, arrived)``."""
        self._next_ack += 1
        ack = self._next_ack
        future = asyncio.get_running_loop().create_future()
        if self.closed:
            future.set_exception(ConnectionError("socket closed"))
            return future
        self._acks[ack] = future
        frame = f"42{ack}" + json.dumps([event, payload], separators=(",", ":"))
        self.frames_out += 1
        task = asyncio.get_running_loop().create_task(self.ws.send(frame))
        task.add_done_callback(lambda t: t.cancelled() or t.exception())
        return future

    async def call(self, event: str, payload, timeout: float = 30.0):
        """Emit and wait for the acknowledgement: ``(result, arrived)``."""
        return await asyncio.wait_for(self.send(event, payload), timeout)

    def drop(self) -> None:
        """Lose the connection as a phone leaving Wi-Fi does: no close handshake."""
        if self.ws is not None:
            self.ws.transport.abort()

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 2)
            except Exception:  # noqa: BLE001
                self.ws.transport.abort()
        if self._reader is not None:
            self._reader.cancel()
