"""What each audience's snapshot holds (issue 12, item 9)."""
from __future__ import annotations


def test_projector_snapshot_in_hidden_writing_holds_no_ones_notes(room):
    ack = room.lead.emit("board:settings", {"board_id": room.board,
                                            "settings": {"notes_hidden": True}}, callback=True)
    assert ack["ok"], ack
    assert room.lead.emit("note:create", {"board_id": room.board, "text": "Fra tavla",
                                          "cid": "staff-note-1"}, callback=True)["ok"]
    assert room.phone.emit("note:create", {"board_id": room.board, "text": "Fra telefonen",
                                           "cid": "phone-note-1"}, callback=True)["ok"]

    def notes(client):
        board = next(b for b in room.snapshot(client)["boards"] if b["id"] == room.board)
        return board["notes"]

    assert notes(room.screen) == []
    assert [(n["text"], n.get("mine")) for n in notes(room.phone)] == [("Fra telefonen", True)]
    assert notes(room.other) == []
    assert all("mine" not in n for n in notes(room.lead))
