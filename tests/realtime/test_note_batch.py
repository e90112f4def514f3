"""Many notes in one request (note:create_many): all or nothing, idempotent, staff only."""
from __future__ import annotations

import pytest

from app.domain.batch import MAX_BATCH_NOTES


def batch(texts, prefix="paper-note"):
    return [{"text": text, "cid": f"{prefix}-{i:04d}"} for i, text in enumerate(texts)]


def send(client, board, notes):
    return client.emit("note:create_many", {"board_id": board, "notes": notes}, callback=True)


def test_a_batch_is_stored_and_broadcast_in_order(room):
    texts = ["Kortere kø", "Åpent på kvelden", "Én kontaktperson"]
    ack = send(room.lead, room.board, batch(texts))
    assert ack["ok"], ack
    assert ack["created"] == 3 and ack["duplicates"] == 0
    assert [n["text"] for n in ack["notes"]] == texts
    board = room.snapshot()["boards"][0]
    assert [n["text"] for n in board["notes"]] == texts
    assert board["version"] == 3
    created = [m["args"][0]["note"]["text"] for m in room.screen.get_received()
               if m["name"] == "note:created"]
    assert created == texts


def test_the_same_batch_sent_again_adds_nothing(room):
    notes = batch(["En", "To"])
    assert send(room.lead, room.board, notes)["created"] == 2
    again = send(room.lead, room.board, notes + batch(["Tre"], prefix="paper-more"))
    assert again["ok"] and again["created"] == 1 and again["duplicates"] == 2
    assert [n["text"] for n in room.snapshot()["boards"][0]["notes"]] == ["En", "To", "Tre"]


@pytest.mark.parametrize("notes, code, words", [
    ([], "batch_empty", "minst én lapp"),
    ("En\nTo", "batch_empty", "minst én lapp"),
    (batch(["Fin", "x" * 281]), "batch_line_too_long", "Linje 2"),
    (batch(["Fin", "  "]), "batch_line_empty", "Linje 2"),
    (batch(["a\x00b"]), "batch_line_unreadable", "Linje 1"),
    (batch(["Fin"] * (MAX_BATCH_NOTES + 1)), "batch_too_many", str(MAX_BATCH_NOTES)),
    ([{"text": "En", "cid": "same-cid-1"}, {"text": "To", "cid": "same-cid-1"}],
     "payload_invalid", "på nytt"),
    ([{"text": "En", "cid": "x"}], "client_id_invalid", "på nytt"),
    (["En"], "payload_invalid", "på nytt"),
])
def test_a_bad_line_refuses_the_whole_batch(room, notes, code, words):
    ack = send(room.lead, room.board, notes)
    assert ack["ok"] is False and ack["error"]["code"] == code, ack
    assert words in ack["error"]["message"], ack["error"]["message"]
    board = room.snapshot()["boards"][0]
    assert board["notes"] == [] and board["version"] == 0


def test_only_staff_may_add_a_batch(room):
    ack = send(room.phone, room.board, batch(["Fra telefonen"]))
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    assert send(room.lead, 999999, batch(["Ingen tavle"]))["error"]["code"] == "board_unknown"
    assert room.snapshot()["boards"][0]["notes"] == []


def test_the_facilitator_may_add_a_batch_in_any_phase(room):
    assert room.lead.emit("board:phase", {"board_id": room.board, "phase": "vote"},
                          callback=True)["ok"]
    ack = send(room.lead, room.board, batch(["Sen lapp fra papir"]))
    assert ack["ok"] and ack["created"] == 1
