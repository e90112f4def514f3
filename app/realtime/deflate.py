"""WebSocket compression (permessage-deflate) as the server chooses it.

Browsers offer ``permessage-deflate; client_max_window_bits`` and the stack
accepts it as offered: a 32 KB window and zlib's default memory level on
every connection, ~100 KB of resident compressor state per phone (the bare
stack's 172 KB per phone against 79 KB without compression, docs/performance.md).
RFC 7692 lets the server answer with a smaller ``server_max_window_bits``
than the client could take, and with a smaller ``client_max_window_bits``
when the client offered that parameter, so both directions use a small
window; the memory level is ours alone. Measured in docs/performance.md
("WebSocket compression"): with a 1 KB window and memory level 4 a phone
costs ~10 KB of zlib state and the 1,000-note snapshot still shrinks ~4×.

The stack offers no setting for this, so the WebSocket class of the
Engine.IO server is replaced by one that negotiates our parameters:
simple-websocket (gevent, threading) through a wsproto extension, eventlet
through its own negotiation (window only: eventlet fixes the memory level).

The same class frames outgoing text messages itself (``text_frame``): every
note reaches every phone's socket through here, a thousand times per note on
a live board, and wsproto's general path (an event object, state checks, a
bytearray copy per step) cost twice the deflating itself (docs/performance.md,
"A lean send path"). The bytes are the ones wsproto would send; anything
but a whole text message on an open connection still goes through wsproto.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, replace

from wsproto.connection import ConnectionState
from wsproto.events import AcceptConnection
from wsproto.extensions import PerMessageDeflate


@dataclass(frozen=True)
class Deflate:
    """The server's compression setting: off, or a window (9–15 bits) and memory level (1–9)."""

    enabled: bool = True
    window_bits: int = 10
    mem_level: int = 4

    @classmethod
    def from_config(cls, config) -> "Deflate":
        """``WS_COMPRESSION`` ("on"/"off"), ``WS_WINDOW_BITS``, ``WS_MEM_LEVEL``."""
        enabled = str(config.get("WS_COMPRESSION", "on")).lower() not in ("off", "0", "no",
                                                                          "false")
        setting = cls(enabled, int(config.get("WS_WINDOW_BITS", cls.window_bits)),
                      int(config.get("WS_MEM_LEVEL", cls.mem_level)))
        if not 9 <= setting.window_bits <= 15 or not 1 <= setting.mem_level <= 9:
            raise ValueError("WS_WINDOW_BITS must be 9–15 and WS_MEM_LEVEL 1–9")
        return setting

    def answer(self, offered_server: int | None, offered_client: int | None) -> dict:
        """The parameters to accept an offer with (RFC 7692 section 7.1.2).

        ``offered_*`` is the window the client named for that direction (15 when
        it named the parameter without a value), ``None`` when it did not name
        it; a client that did not offer ``client_max_window_bits`` must not get
        one back.
        """
        chosen = {"server_max_window_bits": min(offered_server or 15, self.window_bits)}
        if offered_client is not None:
            chosen["client_max_window_bits"] = min(offered_client, self.window_bits)
        return chosen


class _WsprotoDeflate(PerMessageDeflate):
    """wsproto's permessage-deflate with our window and memory level."""

    def __init__(self, setting: Deflate) -> None:
        super().__init__()
        self.setting = setting

    def accept(self, offer: str) -> str | None:
        offered_client, offered_server = self._parse_params(offer)
        chosen = self.setting.answer(offered_server, offered_client)
        self.server_max_window_bits = chosen["server_max_window_bits"]
        if "client_max_window_bits" in chosen:
            self.client_max_window_bits = chosen["client_max_window_bits"]
        flags = [flag for flag, on in (("client_no_context_takeover",
                                        self.client_no_context_takeover),
                                       ("server_no_context_takeover",
                                        self.server_no_context_takeover)) if on]
        self._enabled = True
        return "; ".join(flags + [f"{key}={value}" for key, value in chosen.items()])

    def compressor(self):
        """This connection's compressor (made on first use, as wsproto does)."""
        if self._compressor is None:
            self._compressor = zlib.compressobj(
                zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -self.server_max_window_bits,
                self.setting.mem_level)
        return self._compressor

    def frame_outbound(self, proto, opcode, rsv, data, fin):
        if self._compressor is None and self._compressible_opcode(opcode):
            self.compressor()
        return super().frame_outbound(proto, opcode, rsv, data, fin)


_TEXT, _TEXT_DEFLATED = 0x81, 0xC1  # FIN + opcode 1 (text), + RSV1 (compressed)


def text_frame(connection, text: str) -> bytes | None:
    """The server's frame (unmasked) of one whole text message on a wsproto connection,
    deflated with the connection's own compressor when permessage-deflate was agreed;
    None where wsproto must frame it (not open, mid-message, another extension)."""
    if connection is None or connection.state is not ConnectionState.OPEN:
        return None
    proto = connection._proto
    if proto._outbound_opcode is not None:  # a fragmented message is under way
        return None
    payload = text.encode("utf-8")
    first = _TEXT
    if proto.extensions:
        deflate = proto.extensions[0]
        if len(proto.extensions) != 1 or not isinstance(deflate, _WsprotoDeflate):
            return None
        compressor = deflate.compressor()
        # RFC 7692 7.2.1: a sync flush, without its final 00 00 ff ff.
        payload = (compressor.compress(payload) + compressor.flush(zlib.Z_SYNC_FLUSH))[:-4]
        if deflate.server_no_context_takeover:
            deflate._compressor = None
        first = _TEXT_DEFLATED
    size = len(payload)
    if size < 126:
        return bytes((first, size)) + payload
    if size < 1 << 16:
        return struct.pack("!BBH", first, 126, size) + payload
    return struct.pack("!BBQ", first, 127, size) + payload


def _simple_websocket_class(base, setting: Deflate):
    """Engine.IO's simple-websocket wrapper, accepting with our extension (or none)."""
    import simple_websocket

    class Server(simple_websocket.Server):
        def handshake(self) -> None:
            # simple-websocket accepts with ``PerMessageDeflate()`` hard-wired: swap
            # the extension in the one AcceptConnection this connection sends.
            send = self.ws.send

            def accept(event):
                if isinstance(event, AcceptConnection):
                    event = replace(event, extensions=(
                        [_WsprotoDeflate(setting)] if setting.enabled else []))
                return send(event)

            self.ws.send = accept
            try:
                super().handshake()
            finally:
                del self.ws.send

        def send(self, data) -> None:
            # As simple-websocket's send, framing text itself. Whatever one send() did
            # not take goes after it (simple-websocket would drop it: a large frame on
            # a full socket buffer); sendall() alone costs more in the common case.
            frame = text_frame(self.ws.connection, data) if isinstance(data, str) else None
            if frame is None:
                return super().send(data)
            if not self.connected:
                raise simple_websocket.ConnectionClosed(self.close_reason, self.close_message)
            sent = self.sock.send(frame)
            if sent < len(frame):
                self.sock.sendall(memoryview(frame)[sent:])

    class WebSocket(base):
        def __call__(self, environ, start_response):
            # As Engine.IO's SimpleWebSocketWSGI.__call__, with our Server class.
            self.ws = Server(environ, **self.server_args)
            answer = self.app(self)
            if self.ws.mode == "gunicorn":
                raise StopIteration()
            if self.ws.mode == "werkzeug":
                raise ConnectionError()
            return answer

    return WebSocket


def _eventlet_class(base, setting: Deflate):
    """Engine.IO's eventlet wrapper, negotiating our window (or no compression)."""

    class WebSocket(base):
        def _negotiate_permessage_deflate(self, extensions):
            if not setting.enabled:
                return None
            config = super()._negotiate_permessage_deflate(extensions)
            if config is None:
                return None
            # eventlet names a window only where the client's offer did.
            chosen = setting.answer(config.get("server_max_window_bits"),
                                    config.get("client_max_window_bits"))
            return {**config, **chosen}

    return WebSocket


def install(socketio, setting: Deflate) -> None:
    """Make the Engine.IO server of ``socketio`` negotiate ``setting``."""
    eio = socketio.server.eio
    base = eio._async.get("websocket")
    if base is None:
        return
    if eio.async_mode == "eventlet":
        websocket = _eventlet_class(base, setting)
    else:
        websocket = _simple_websocket_class(base, setting)
    # The driver's table is shared by every server of that mode: give this one its own.
    eio._async = {**eio._async, "websocket": websocket}
