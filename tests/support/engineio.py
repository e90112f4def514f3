"""Raw Engine.IO sessions that never send the Socket.IO CONNECT, as an idle attacker holds them.

A polling session is a handshake ``GET /socket.io/?EIO=4&transport=polling``;
a WebSocket session opens ``transport=websocket`` straight away. Neither says
anything after the server's OPEN packet.
"""
from __future__ import annotations

import json
import time

import requests
import websocket

PATH = "/socket.io/?EIO=4&transport="
CLOSE = "1"  # Engine.IO's CLOSE packet


class Refused(Exception):
    """The server refused the handshake; ``status`` and ``body`` say how."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = json.loads(body) if body.startswith("{") else body


class PollingSession:
    """One long-polling Engine.IO session."""

    def __init__(self, base_url: str, headers: dict | None = None) -> None:
        self.http = requests.Session()
        self.http.headers.update(headers or {})
        answer = self.http.get(base_url + PATH + "polling", timeout=10)
        if answer.status_code != 200:
            raise Refused(answer.status_code, answer.text)
        self.sid = json.loads(answer.text[1:])["sid"]
        self.url = f"{base_url}{PATH}polling&sid={self.sid}"

    def closed_by_server(self, within: float) -> bool:
        """Poll until the server sends CLOSE or forgets the session; False if it never does."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            try:
                answer = self.http.get(self.url, timeout=max(0.1, deadline - time.monotonic()))
            except requests.Timeout:
                return False
            if answer.status_code != 200 or CLOSE in answer.text.split("\x1e"):
                return True
        return False

    def close(self) -> None:
        """Leave as a client does: a CLOSE packet."""
        self.http.post(self.url, data=CLOSE, timeout=10)


class WebSocketSession:
    """One Engine.IO session on a WebSocket from the start."""

    def __init__(self, base_url: str) -> None:
        url = base_url.replace("http://", "ws://", 1) + PATH + "websocket"
        try:
            self.ws = websocket.create_connection(url, timeout=10)
        except websocket.WebSocketBadStatusException as refused:
            raise Refused(refused.status_code,
                          (refused.resp_body or b"").decode(errors="replace")) from None
        self.sid = json.loads(self.ws.recv()[1:])["sid"]

    def closed_by_server(self, within: float) -> bool:
        """Read until the server sends CLOSE or drops the connection; False if it never does."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                if self.ws.recv() in (CLOSE, "", b""):
                    return True
            except websocket.WebSocketTimeoutException:
                return False
            except (websocket.WebSocketConnectionClosedException, OSError):
                return True
        return False

    def close(self) -> None:
        self.ws.close()


def open_sessions(base_url: str, polling: int, websockets: int) -> list:
    """``polling`` long-polling and ``websockets`` WebSocket sessions, none signed in."""
    return ([PollingSession(base_url) for _ in range(polling)]
            + [WebSocketSession(base_url) for _ in range(websockets)])
