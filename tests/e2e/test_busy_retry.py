"""A phone follows the server's "busy, try again" and ends up connected (docs/protocol.md).

One real server on PostgreSQL with two database connections, waited for at most 1 s
(``VERKSTED_DB_CONNECTIONS``, ``VERKSTED_DB_POOL_TIMEOUT``). The test makes it busy for
real: it locks the workshops table and two page requests take both connections,
stuck behind the lock. Meanwhile a phone in Chromium

- opens the join page and gets the 503 "busy" page, which its browser reloads by itself
  (``Refresh: 2``) until the page comes through once the lock is gone;
- loses the network, and on coming back its handshake is refused with code ``busy``:
  static/js/live.js asks again after a pause (Socket.IO itself does not retry a refused
  handshake), and once the lock is gone the phone is connected and its note is stored.
"""
from __future__ import annotations

import threading
import time

import psycopg2
import pytest
import requests
from playwright.sync_api import expect

from tests.support.browser import PHONE, connected
from tests.support.servers import ServerProcess
from tests.support.services import waiting_on_locks
from tests.support.workshops import create_workshop

BUSY_NB = "Serveren har svært mye å gjøre"




class Crowd:
    """Every database connection of the server taken, for as long as the test says."""

    def __init__(self, postgres_url: str, page_url: str, connections: int) -> None:
        self.postgres_url = postgres_url
        self.page_url = page_url
        self.connections = connections
        self.holder = None
        self.plugs: list[threading.Thread] = []
        self.answers: list[int] = []

    def arrive(self) -> None:
        self.holder = psycopg2.connect(self.postgres_url)
        self.holder.cursor().execute("LOCK TABLE workshops IN ACCESS EXCLUSIVE MODE")
        self.plugs = [threading.Thread(target=lambda: self.answers.append(
            requests.get(self.page_url, timeout=120).status_code)) for _ in range(self.connections)]
        for plug in self.plugs:
            plug.start()
        deadline = time.monotonic() + 30
        while waiting_on_locks(self.postgres_url) < self.connections:
            assert time.monotonic() < deadline, "the requests never took the connections"
            time.sleep(0.05)

    def leave(self) -> None:
        if self.holder is not None:
            self.holder.rollback()
            self.holder.close()
            self.holder = None
        for plug in self.plugs:
            plug.join()
        assert self.answers[-self.connections:] == [200] * self.connections, self.answers


@pytest.fixture
def busy_server(tmp_path, postgres_url):
    server = ServerProcess(tmp_path, async_mode="gevent", env={
        "DATABASE_URL": postgres_url, "VERKSTED_DB_CONNECTIONS": "2",
        "VERKSTED_DB_POOL_TIMEOUT": "1"})
    server.start()
    yield server
    server.stop()


def test_a_phone_follows_busy_answers_and_ends_up_connected(busy_server, postgres_url, browsing):
    links = create_workshop(busy_server.url)
    crowd = Crowd(postgres_url, links.join_url, connections=2)
    page = browsing.context(**PHONE).new_page()
    joins: list[int] = []  # the join page's answers, as the browser got them
    page.on("response", lambda r: joins.append(r.status) if r.url == links.join_url else None)
    refused: list[str] = []  # handshakes refused busy, over WebSocket or long-polling

    def busy_in(text) -> None:
        if isinstance(text, str) and '"code":"busy"' in text.replace(" ", ""):
            refused.append(text)

    page.on("websocket", lambda ws: ws.on("framereceived", busy_in))
    page.on("response", lambda r: busy_in(r.text()) if "/socket.io/" in r.url
            and r.request.method == "GET" and r.ok else None)
    try:
        # The page itself: 503 with the words, reloaded by the browser until it comes through.
        crowd.arrive()
        first = page.goto(links.join_url)
        assert first.status == 503 and first.headers["retry-after"] == "2"
        expect(page.locator("body")).to_contain_text(BUSY_NB)
        deadline = time.monotonic() + 20
        while joins.count(503) < 2:  # the browser asked again by itself
            assert time.monotonic() < deadline, joins
            page.wait_for_timeout(200)
        crowd.leave()
        connected(page)
        assert joins[-1] == 200, joins

        # The handshake: refused busy while every connection is taken; live.js asks again.
        page.context.set_offline(True)
        expect(page.locator("#connection")).to_have_attribute("data-state", "offline")
        crowd.arrive()
        page.context.set_offline(False)
        deadline = time.monotonic() + 20
        while len(refused) < 2:  # refused, and refused again when live.js asked again
            assert time.monotonic() < deadline, f"live.js did not ask again after: {refused}"
            page.wait_for_timeout(200)
        expect(page.locator("#connection")).to_have_attribute("data-state", "reconnecting")
        crowd.leave()
        connected(page)
        page.fill("#note-text", "Kom fram til slutt")
        page.click("#note-send")
        expect(page.locator("#my-notes li.outbox")).to_have_count(0)  # acknowledged
        expect(page.locator("#my-notes li.note[data-id]")).to_have_count(1)
    finally:
        if crowd.holder is not None:
            crowd.holder.rollback()
            crowd.holder.close()
    with psycopg2.connect(postgres_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT text FROM notes")
        assert cur.fetchall() == [("Kom fram til slutt",)]
    conn.close()
