"""Real server process, real Socket.IO clients over WebSocket."""
from __future__ import annotations

import uuid

from tests.support.workshops import create_workshop, facilitator, phone, projector


def cid() -> str:
    return uuid.uuid4().hex


def test_note_reaches_projector_and_other_phone_with_next_version(server):
    links = create_workshop(server.url)
    screen, alice, bob = projector(links), phone(links), phone(links)
    try:
        snapshot = screen.wait_for("snapshot")
        board = snapshot["boards"][0]
        assert snapshot["workshop"]["current_board_id"] == board["id"]
        ack = alice.call("note:create", {"board_id": board["id"], "text": "Møt folk der de er",
                                         "cid": cid()})
        assert ack["ok"], ack
        assert ack["version"] == board["version"] + 1
        for client in (screen, bob, alice):
            event = client.wait_for("note:created")
            assert event["version"] == board["version"] + 1
            assert event["note"]["text"] == "Møt folk der de er"
            assert event["board_id"] == board["id"]
    finally:
        for c in (screen, alice, bob):
            c.close()


def test_late_joiner_gets_earlier_notes_in_snapshot(server):
    links = create_workshop(server.url)
    early = phone(links)
    board_id = early.wait_for("snapshot")["boards"][0]["id"]
    for text in ("Tillit", "Raskere svar", "Klart språk"):
        assert early.call("note:create", {"board_id": board_id, "text": text, "cid": cid()})["ok"]
    late = phone(links)
    try:
        notes = late.wait_for("snapshot")["boards"][0]["notes"]
        assert [n["text"] for n in notes] == ["Tillit", "Raskere svar", "Klart språk"]
        assert not any(n["mine"] for n in notes)
        mine = early.call("snapshot:get")["snapshot"]["boards"][0]["notes"]
        assert all(n["mine"] for n in mine)
    finally:
        early.close()
        late.close()


def test_notes_survive_a_server_restart(server):
    links = create_workshop(server.url)
    alice = phone(links)
    board_id = alice.wait_for("snapshot")["boards"][0]["id"]
    assert alice.call("note:create", {"board_id": board_id, "text": "Før omstart",
                                      "cid": cid()})["ok"]
    alice.close()
    server.restart()
    again = facilitator(links)
    try:
        notes = again.wait_for("snapshot")["boards"][0]["notes"]
        assert [n["text"] for n in notes] == ["Før omstart"]
    finally:
        again.close()


def test_facilitator_moves_every_screen_to_the_next_question(server):
    links = create_workshop(server.url)
    lead, alice, screen = facilitator(links), phone(links), projector(links)
    try:
        boards = lead.wait_for("snapshot")["boards"]
        ack = lead.call("workshop:show_board", {"board_id": boards[1]["id"]})
        assert ack["ok"], ack
        for client in (alice, screen, lead):
            update = client.wait_for("workshop:updated")
            assert update["workshop"]["current_board_id"] == boards[1]["id"]
        refused = alice.call("workshop:show_board", {"board_id": boards[0]["id"]})
        assert refused == {"ok": False, "error": {"code": "forbidden",
                                                  "message": "Du har ikke lov til å gjøre det."}}
    finally:
        for c in (lead, alice, screen):
            c.close()
