"""Helpers for the real-browser tests: Chromium options, screenshots, sent Socket.IO events."""
from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import expect

from .servers import ROOT

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

DESKTOP = {"viewport": {"width": 1280, "height": 720}}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save ``test-artifacts/screenshots/<name>.png`` and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.bring_to_front()  # a background tab (behind a popup) paints slowly, if at all
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


def connected(page) -> None:
    """Wait until the page's live connection says it is connected."""
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")


# A Socket.IO EVENT packet: "4" (engine.io message) "2" (event), optional ack id, JSON array.
_EVENT = re.compile(r"42\d*(\[.*)\Z", re.S)


class SentEvents:
    """Every Socket.IO event a page sends, over WebSocket frames or long-polling POSTs.

    Attach before the page loads; ``names()`` lists the event names in order.
    """

    def __init__(self, page) -> None:
        self.sent: list[tuple[str, object]] = []
        page.on("websocket", lambda ws: ws.on("framesent", self._packets))
        page.on("request", self._request)

    def _request(self, request) -> None:
        if request.method == "POST" and "/socket.io/" in request.url:
            self._packets(request.post_data or "")

    def _packets(self, data) -> None:
        if isinstance(data, bytes):
            return
        for packet in data.split("\x1e"):  # engine.io v4 joins polled packets with RS
            match = _EVENT.match(packet)
            if match:
                name, *args = json.loads(match.group(1))
                self.sent.append((name, args[0] if args else None))

    def names(self) -> list[str]:
        return [name for name, _ in self.sent]

    def payloads(self, name: str) -> list:
        return [payload for event, payload in self.sent if event == name]
