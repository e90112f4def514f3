"""Group commit: one board's writes applied in one transaction, each answered on its own."""
from __future__ import annotations

import threading
import time
import uuid

from app.services import unit


def cid() -> str:
    return uuid.uuid4().hex


def call(client, event: str, data: dict) -> dict:
    return client.emit(event, data, callback=True)


def wait_until(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def test_a_refused_request_in_a_batch_does_not_spoil_the_others(room):
    board = room.board
    notes = [call(room.lead, "note:create", {"board_id": board, "text": f"Idé {i}",
                                             "cid": cid()})["note"]["id"] for i in range(3)]
    assert call(room.lead, "board:settings", {"board_id": board,
                                              "settings": {"vote_budget": 1}})["ok"]
    assert call(room.lead, "board:phase", {"board_id": board, "phase": "vote"})["ok"]
    assert call(room.phone, "vote:add", {"board_id": board, "cid": cid(),
                                         "item": {"kind": "note", "id": notes[0]}})["ok"]
    requests = {  # name -> (client, event, payload)
        "over_budget": (room.phone, "vote:add", {"board_id": board, "cid": cid(),
                                                 "item": {"kind": "note", "id": notes[1]}}),
        "bad_item": (room.other, "vote:add", {"board_id": board, "cid": cid(),
                                              "item": {"kind": "note", "id": 10**9}}),
        "good_dot": (room.other, "vote:add", {"board_id": board, "cid": cid(),
                                              "item": {"kind": "note", "id": notes[2]}}),
        "good_note": (room.lead, "note:create", {"board_id": board, "text": "Sent inn",
                                                 "cid": cid()}),
    }
    answers: dict[str, dict] = {}
    before = dict(unit.stats)
    lock = unit._locks[f"b{board}"]
    with lock:  # hold the board so that all four requests queue for one batch
        threads = [threading.Thread(target=lambda n=name, r=request: answers.__setitem__(
            n, call(*r))) for name, request in requests.items()]
        for thread in threads:
            thread.start()
        wait_until(lambda: len(unit._queues.get(board, [])) == len(requests))
    for thread in threads:
        thread.join(timeout=30)
    assert unit.stats["batches"] == before["batches"] + 1
    assert unit.stats["requests"] == before["requests"] + len(requests)
    assert answers["over_budget"]["error"]["code"] == "budget_spent"
    assert answers["bad_item"]["error"]["code"] == "item_unknown"
    assert answers["good_dot"]["ok"] and answers["good_note"]["ok"]
    snapshot = room.snapshot()["boards"][0]
    assert "Sent inn" in [n["text"] for n in snapshot["notes"]]
    mine = room.snapshot(room.other)["boards"][0]["votes"]["mine"]
    assert [d["id"] for d in mine] == [notes[2]]
    assert [d["id"] for d in room.snapshot(room.phone)["boards"][0]["votes"]["mine"]] \
        == [notes[0]]


def test_versions_follow_the_batch_order(room):
    board = room.board
    answers: list[dict] = []
    lock = unit._locks[f"b{board}"]
    with lock:
        threads = [threading.Thread(target=lambda i=i: answers.append(call(
            room.lead, "note:create", {"board_id": board, "text": f"Lapp {i}", "cid": cid()})))
            for i in range(5)]
        for thread in threads:
            thread.start()
        wait_until(lambda: len(unit._queues.get(board, [])) == 5)
    for thread in threads:
        thread.join(timeout=30)
    versions = sorted(a["version"] for a in answers)
    assert versions == list(range(versions[0], versions[0] + 5))
    assert room.snapshot()["boards"][0]["version"] == versions[-1]
