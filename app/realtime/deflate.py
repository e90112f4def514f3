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
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, replace

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

    def frame_outbound(self, proto, opcode, rsv, data, fin):
        if self._compressor is None and self._compressible_opcode(opcode):
            self._compressor = zlib.compressobj(
                zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -self.server_max_window_bits,
                self.setting.mem_level)
        return super().frame_outbound(proto, opcode, rsv, data, fin)


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
