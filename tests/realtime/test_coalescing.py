"""Counters screens don't need one by one are pushed at most a few times a second per
board, and the last push carries the exact final value (issue 14, "coalesce")."""
from __future__ import annotations

import math
import time
import uuid

import pytest

from app import create_app
from app.config import TestConfig
from app.store import db
from tests.realtime.conftest import Room

INTERVAL = 1.0  # PRESENCE_INTERVAL: counts and vote progress go out every half of it


@pytest.fixture
def paced(tmp_path, database_url):
    """A room on an app with the production pace of coalesced pushes and no flood limits."""
    app = create_app(TestConfig, {
        "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path), "PRESENCE_INTERVAL": INTERVAL,
        "LIMIT_NOTES_PER_MINUTE": 10_000, "LIMIT_VOTES_PER_SECOND": 10_000,
        "LIMIT_REQUESTS_PER_SECOND": 10_000})
    room = Room(app, app.test_client())
    yield room
    room.close()
    db.dispose()


def pushes(client, name: str) -> list[dict]:
    return [m["args"][0] for m in client.get_received() if m["name"] == name]


def wait_final(client, name: str, predicate, timeout: float = 10.0) -> list[dict]:
    """Every ``name`` push until one matches ``predicate`` (waiting on the condition)."""
    seen: list[dict] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen += pushes(client, name)
        if seen and predicate(seen[-1]):
            return seen
        time.sleep(0.02)
    raise AssertionError(f"no final {name}; saw {seen[-3:]}")


def bound(elapsed: float) -> int:
    """Pushes a coalescer may send in ``elapsed`` seconds, plus the one after the burst."""
    return math.ceil(elapsed / (INTERVAL / 2)) + 1


def test_hidden_writing_count_is_coalesced_and_exact(paced):
    ack = paced.lead.emit("board:settings", {"board_id": paced.board,
                                             "settings": {"notes_hidden": True}}, callback=True)
    assert ack["ok"], ack
    pushes(paced.screen, "board:count")
    started = time.monotonic()
    for k in range(100):
        ack = paced.phone.emit("note:create", {"board_id": paced.board, "text": f"Lapp {k}",
                                               "cid": uuid.uuid4().hex}, callback=True)
        assert ack["ok"], ack
    elapsed = time.monotonic() - started
    seen = wait_final(paced.screen, "board:count", lambda p: p["note_count"] == 100)
    assert len(seen) <= bound(elapsed), (len(seen), elapsed)
    assert len(seen) < 100
    assert all(p == {"board_id": paced.board, "note_count": p["note_count"]} for p in seen)


def test_vote_progress_is_coalesced_and_exact(paced):
    lead = paced.lead
    note = paced.phone.emit("note:create", {"board_id": paced.board, "text": "Idé",
                                            "cid": uuid.uuid4().hex}, callback=True)["note"]
    for event, data in (("board:settings", {"settings": {"vote_budget": 50,
                                                          "multi_dots": True}}),
                        ("board:phase", {"phase": "vote"})):
        assert lead.emit(event, {"board_id": paced.board, **data}, callback=True)["ok"]
    pushes(lead, "votes:progress")
    started = time.monotonic()
    for k in range(100):
        voter = paced.phone if k % 2 else paced.other
        ack = voter.emit("vote:add", {"board_id": paced.board, "cid": uuid.uuid4().hex,
                                            "item": {"kind": "note", "id": note["id"]}},
                               callback=True)
        assert ack["ok"], ack
    elapsed = time.monotonic() - started
    seen = wait_final(lead, "votes:progress", lambda p: p["dots"] == 100)
    assert len(seen) <= bound(elapsed), (len(seen), elapsed)
    assert len(seen) < 100 and seen[-1]["voters"] == 2
