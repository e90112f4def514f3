"""Group commit: one board's writes applied in one transaction, each answered on its own."""
from __future__ import annotations

import re
import threading
import time
import uuid

from sqlalchemy import text

from app.services import unit
from app.services.links import cofacilitator_secret_for
from app.store import db


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
    answers = one_batch(board, requests)
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


def one_batch(board: int, requests: dict, meanwhile=None) -> dict[str, dict]:
    """Send every request while the board is held, so all of them queue for one batch,
    then run ``meanwhile`` (if any) before the batch starts; each answer by name.
    ``requests``: name -> (client, event, payload)."""
    answers: dict[str, dict] = {}
    before = dict(unit.stats)
    with unit._locks[f"b{board}"]:
        threads = [threading.Thread(target=lambda n=name, r=request: answers.__setitem__(
            n, call(*r))) for name, request in requests.items()]
        for thread in threads:
            thread.start()
        wait_until(lambda: len(unit._queues.get(board, [])) == len(requests))
        if meanwhile is not None:
            meanwhile()
    for thread in threads:
        thread.join(timeout=30)
    assert unit.stats["batches"] == before["batches"] + 1
    assert unit.stats["requests"] == before["requests"] + len(requests)
    assert len(answers) == len(requests)
    return answers


def voting_board(room, notes: int = 3, budget: int = 5) -> list[int]:
    """Post ``notes`` notes, open the vote; the notes' ids."""
    ids = [call(room.lead, "note:create", {"board_id": room.board, "text": f"Idé {i}",
                                           "cid": cid()})["note"]["id"] for i in range(notes)]
    assert call(room.lead, "board:settings", {"board_id": room.board,
                                              "settings": {"vote_budget": budget}})["ok"]
    assert call(room.lead, "board:phase", {"board_id": room.board, "phase": "vote"})["ok"]
    return ids


def dot(client, board: int, note: int, client_id: str | None = None) -> tuple:
    return (client, "vote:add", {"board_id": board, "cid": client_id or cid(),
                                 "item": {"kind": "note", "id": note}})


def mine(room, client) -> list[int]:
    return [d["id"] for d in room.snapshot(client)["boards"][0]["votes"]["mine"]]


def test_a_dot_and_its_resend_in_one_batch_are_stored_once(room):
    notes = voting_board(room, budget=2)
    again = cid()
    answers = one_batch(room.board, {  # queued in whatever order the threads reach it
        "copy 1": dot(room.phone, room.board, notes[0], again),
        "copy 2": dot(room.phone, room.board, notes[0], again),
        "b": dot(room.phone, room.board, notes[1]),
        "c": dot(room.phone, room.board, notes[2]),  # b or c is over the budget of 2
        "theirs": dot(room.other, room.board, notes[0]),
    })
    copies = [answers["copy 1"], answers["copy 2"]]
    assert all(answer["ok"] for answer in copies), copies
    assert sorted(bool(answer.get("duplicate")) for answer in copies) == [False, True]
    refused = [answers[n] for n in "bc" if not answers[n]["ok"]]
    assert [answer["error"]["code"] for answer in refused] == ["budget_spent"]
    assert answers["theirs"]["ok"]
    stored = mine(room, room.phone)
    assert len(stored) == 2 and notes[0] in stored
    for answer in copies + [answers[n] for n in "bc" if answers[n]["ok"]]:
        assert set(d["id"] for d in answer["mine"]) <= set(stored)
    assert mine(room, room.other) == [notes[0]]
    # Sent once more after the batch: still the same one dot.
    assert call(*dot(room.phone, room.board, notes[0], again))["duplicate"] is True
    assert mine(room, room.phone) == stored


def test_a_failing_statement_in_a_batch_falls_back_to_one_request_at_a_time(room):
    notes = voting_board(room)
    gone = max(db_rows("SELECT id FROM participants"))  # room.other joined last
    # The batch's one insert of both dots fails on the vanished voter (foreign key):
    # the batch goes back to its savepoint and applies each dot on its own.
    answers = one_batch(room.board, {"mine": dot(room.phone, room.board, notes[1]),
                                     "theirs": dot(room.other, room.board, notes[1])},
                        lambda: db_rows(f"DELETE FROM participants WHERE id = {gone}"))
    assert answers["mine"]["ok"], answers
    assert answers["theirs"]["error"]["code"] == "internal"
    assert mine(room, room.phone) == [notes[1]]
    assert db_rows(f"SELECT id FROM votes WHERE participant_id = {gone}") == []


def test_a_credential_revoked_while_queued_is_refused_alone(room):
    assert room.http.post(f"/f/{room.secret}/cofacilitator", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', room.http.get("/").text).group(1)}
    ).status_code == 302
    co = room.connect({"role": "cofacilitator",
                       "secret": cofacilitator_secret_for(room.secret, 1)})
    assert co.is_connected()
    # Another worker switches the link off while both requests wait for the batch:
    # the batch checks every credential once more, under the board's lock.
    answers = one_batch(room.board, {
        "co": (co, "note:create", {"board_id": room.board, "text": "Fra medhjelper",
                                   "cid": cid()}),
        "lead": (room.lead, "note:create", {"board_id": room.board, "text": "Fra leder",
                                            "cid": cid()}),
    }, lambda: db_rows("UPDATE workshops SET cofacilitator_digest = NULL"))
    assert answers["co"]["error"]["code"] == "access_revoked"
    assert answers["lead"]["ok"]
    assert [n["text"] for n in room.snapshot()["boards"][0]["notes"]] == ["Fra leder"]


def db_rows(sql: str) -> list:
    """Run SQL as another process would (its own transaction); the first column."""
    with db.session() as session:
        result = session.execute(text(sql))
        return [row[0] for row in result] if result.returns_rows else []


def test_a_note_and_its_resend_in_one_batch_are_stored_once(room):
    again = cid()
    post = {"board_id": room.board, "text": "Én gang", "cid": again}
    answers = one_batch(room.board, {
        "copy 1": (room.phone, "note:create", post),
        "copy 2": (room.phone, "note:create", post),
        "other": (room.other, "note:create", {**post, "text": "Annen", "cid": cid()}),
    })
    copies = [answers["copy 1"], answers["copy 2"]]
    assert all(answer["ok"] for answer in copies), copies
    assert sorted(bool(answer.get("duplicate")) for answer in copies) == [False, True]
    assert copies[0]["note"]["id"] == copies[1]["note"]["id"]
    assert answers["other"]["ok"]
    texts = [n["text"] for n in room.snapshot()["boards"][0]["notes"]]
    assert sorted(texts) == ["Annen", "Én gang"]
    # Two notes stored, two versions: the resend bumped nothing.
    versions = sorted(a["version"] for a in [answers["other"], *copies] if "version" in a)
    assert versions == [versions[0], versions[0] + 1]
    assert room.snapshot()["boards"][0]["version"] == versions[-1]
