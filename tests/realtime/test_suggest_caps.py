"""Issue 12 item 7: many identical notes must not make the grouping help quadratic.

600 identical notes made the duplicates push 61,425 pairs / 1.1 MB every 0.3 s. Now a
push holds at most 3 pairs per note and 60 per board, a board is refreshed at most once
a second, and nothing is pushed when the advice did not change.
"""
from __future__ import annotations

import json
import time
import uuid

import pytest

from app.services.suggestions import MAX_PAIRS, MAX_PAIRS_PER_NOTE
from tests.support.workshops import create_workshop, facilitator

NOTES = 150  # 11,175 identical pairs uncapped


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_identical_notes_give_a_small_paced_push(server_factory):
    server = server_factory(env={"VERKSTED_LIMIT_REQUESTS_PER_SECOND": "100000",
                                 "VERKSTED_LIMIT_NOTES_PER_MINUTE": "100000"})
    lead = facilitator(create_workshop(server.url))
    board = lead.wait_for("snapshot")["boards"][0]["id"]
    assert lead.call("board:phase", {"board_id": board, "phase": "group"})["ok"]
    started = time.monotonic()
    for _ in range(NOTES):
        ack = lead.call("note:create", {"board_id": board, "cid": uuid.uuid4().hex,
                                        "text": "Bedre informasjon på nettsiden"}, timeout=30)
        assert ack["ok"], ack
    asked = lead.call("suggest:get", {"board_id": board}, timeout=60)
    assert asked["ok"] and len(asked["duplicates"]) == MAX_PAIRS
    assert len(json.dumps(asked)) < 10_000
    settled(lead)
    elapsed = time.monotonic() - started
    pushes = lead.events("suggestions")
    assert pushes
    for payload in pushes:
        assert len(payload["duplicates"]) <= MAX_PAIRS
        count: dict[int, int] = {}
        for a, b, _score in payload["duplicates"]:
            count[a] = count.get(a, 0) + 1
            count[b] = count.get(b, 0) + 1
        assert max(count.values(), default=0) <= MAX_PAIRS_PER_NOTE
    # Paced: at most one refresh per second (plus the first one).
    assert len(pushes) <= elapsed / 1.0 + 2, (len(pushes), elapsed)
    # Unchanged advice is not pushed again: asking for it changes nothing either.
    seen = len(lead.events("suggestions"))
    assert lead.call("board:phase", {"board_id": board, "phase": "group"})["ok"]
    time.sleep(2.5)  # the time two refreshes would take, to see none is pushed
    assert len(lead.events("suggestions")) == seen


def settled(client, quiet: float = 3.0, limit: float = 120.0) -> None:
    """Wait until no ``suggestions`` push came for ``quiet`` seconds."""
    deadline = time.monotonic() + limit
    count, since = len(client.events("suggestions")), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = len(client.events("suggestions"))
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
    raise AssertionError("the suggestions never settled")


def test_a_refresh_overtaken_by_a_later_one_is_not_pushed():
    """Two refreshes of a board overlap (the first waits for the embedding process while
    the board changes again): the one that read the board first must not have the last
    word when it finishes last."""
    from app.realtime.handlers import _Pacer
    pacer = _Pacer()
    first, second = pacer.ticket(7), pacer.ticket(7)
    other = pacer.ticket(8)
    assert pacer.changed(7, {"suggestions": {"1": "new"}}, second)
    assert not pacer.changed(7, {"suggestions": {"1": "old"}}, first)
    assert pacer.changed(8, {"suggestions": {}}, other)  # boards do not overtake each other
    assert not pacer.changed(7, {"suggestions": {"1": "new"}}, pacer.ticket(7))  # unchanged
    assert pacer.changed(7, {"suggestions": {"1": "newer"}}, pacer.ticket(7))
