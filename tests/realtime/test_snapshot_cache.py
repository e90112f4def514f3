"""Joins at one board state share one read of the boards (services/snapshots.py); each
phone still gets exactly its own notes and dots, and a change reaches later joiners."""
from __future__ import annotations

import json
import re
import uuid
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import socketio
from app.store import db

PHONES = 50


@contextmanager
def board_reads():
    """The SELECTs of a board's notes: one per board for each read of a workshop."""
    seen = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT") and re.search(
                r"FROM notes\b", statement) and "count(" not in statement.lower():
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def ok(ack: dict) -> dict:
    assert ack["ok"], ack
    return ack


def rejoin(room, http) -> dict:
    """A new socket of the same phone (its cookie): the snapshot it is sent on connect."""
    client = socketio.test_client(room.app, auth={"role": "participant", "code": room.code},
                                  flask_test_client=http)
    room.clients.append(client)
    return [m["args"][0] for m in client.get_received() if m["name"] == "snapshot"][-1]


def join_phone(room):
    http = room.app.test_client()
    http.get(f"/j/{room.code}")
    client = room.connect({"role": "participant", "code": room.code}, http)
    return client, http


def test_fifty_joins_share_one_read_and_keep_their_own_parts(room):
    lead, board = room.lead, room.board
    boards = len(room.snapshot()["boards"])
    ok(lead.emit("board:settings", {"board_id": board, "settings": {
        "notes_hidden": True, "vote_budget": 1}}, callback=True))
    phones = []
    for k in range(PHONES):
        client, http = join_phone(room)
        note = ok(client.emit("note:create", {"board_id": board, "text": f"Hemmelig {k}",
                                              "cid": uuid.uuid4().hex}, callback=True))["note"]
        phones.append((http, note))

    with board_reads() as reads:
        snapshots = [rejoin(room, http) for http, _ in phones]
    assert len(reads) == boards, reads  # one read of the workshop, not one per phone
    for (http, note), snapshot in zip(phones, snapshots):
        shown = snapshot["boards"][0]
        assert [(n["id"], n["text"], n["mine"]) for n in shown["notes"]] == [
            (note["id"], note["text"], True)]
        assert shown["note_count"] == PHONES and shown["votes"] == {"mine": []}
        others = [text for _, n in phones if (text := n["text"]) != note["text"]]
        assert not any(f'"{text}"' in json.dumps(snapshot, ensure_ascii=False)
                       for text in others)

    # Voting: each phone's dot is its own; the notes are public now, each marked as its own.
    ok(lead.emit("board:phase", {"board_id": board, "phase": "vote"}, callback=True))
    voters = phones[:10]
    for k, (http, note) in enumerate(voters):
        client = room.clients[-PHONES + k]
        target = phones[(k + 1) % PHONES][1]["id"]
        ok(client.emit("vote:add", {"board_id": board, "item": {"kind": "note", "id": target},
                                    "cid": uuid.uuid4().hex}, callback=True))
    with board_reads() as reads:
        snapshots = [rejoin(room, http) for http, _ in voters]
    assert len(reads) == boards, reads
    for k, ((http, note), snapshot) in enumerate(zip(voters, snapshots)):
        shown = snapshot["boards"][0]
        assert shown["votes"] == {"mine": [{"kind": "note",
                                            "id": phones[(k + 1) % PHONES][1]["id"]}]}
        assert len(shown["notes"]) == PHONES
        assert [n["id"] for n in shown["notes"] if n["mine"]] == [note["id"]]

    # A change in between: later joiners get the new state, earlier reads are not reused.
    hidden = phones[0][1]["id"]
    ok(lead.emit("note:moderate", {"note_id": hidden, "hidden": True}, callback=True))
    with board_reads() as reads:
        later = rejoin(room, phones[1][0])
        again = rejoin(room, phones[2][0])
    assert len(reads) == boards
    for snapshot in (later, again):
        assert hidden not in [n["id"] for n in snapshot["boards"][0]["notes"]]
        assert snapshot["boards"][0]["note_count"] == PHONES - 1
    staff = room.snapshot()["boards"][0]
    assert [n["hidden"] for n in staff["notes"] if n["id"] == hidden] == [True]
    projector = rejoin_projector(room)["boards"][0]
    assert hidden not in [n["id"] for n in projector["notes"]]
    assert "mine" not in projector["notes"][0] and "dots" in projector["votes"]


def rejoin_projector(room) -> dict:
    client = room.connect({"role": "projector", "secret": room.projector_secret})
    return [m["args"][0] for m in client.get_received() if m["name"] == "snapshot"][-1]


def test_settings_and_phase_changes_reach_later_joiners(room):
    lead, board = room.lead, room.board
    _client, http = join_phone(room)
    assert rejoin(room, http)["boards"][0]["settings"]["notes_hidden"] is False
    ok(lead.emit("board:settings", {"board_id": board, "settings": {"notes_hidden": True}},
                 callback=True))
    assert rejoin(room, http)["boards"][0]["settings"]["notes_hidden"] is True
    ok(lead.emit("workshop:settings", {"settings": {"allow_names": True}}, callback=True))
    assert rejoin(room, http)["workshop"]["allow_names"] is True
    ok(lead.emit("board:phase", {"board_id": board, "phase": "group"}, callback=True))
    assert rejoin(room, http)["boards"][0]["phase"] == "group"


def test_spliced_snapshot_encodes_as_plain_json(room):
    """The note lists pasted in as pre-encoded JSON give exactly what encoding the whole
    snapshot would, in an event and in an acknowledgement, whatever a note says."""
    from app.domain.roles import Principal, Role
    from app.realtime import wire_json
    from app.services import workshops

    texts = ['"quoted" ,"mine":true} \\ æøå 😀', "</script>", "[1,2]"]
    for text in texts:
        ok(room.phone.emit("note:create", {"board_id": room.board, "text": text,
                                           "cid": uuid.uuid4().hex}, callback=True))
    mine = room.phone.emit("snapshot:get", {}, callback=True)["snapshot"]["boards"][0]["notes"]
    workshop_id = room.snapshot()["workshop"]["id"]
    with room.app.app_context():
        cache = room.app.extensions["verksted_snapshots"]
        for role in (Role.PARTICIPANT, Role.PROJECTOR, Role.FACILITATOR):
            snapshot = workshops.snapshot(Principal(role, workshop_id), cache)
            for data in (["snapshot", snapshot], [{"ok": True, "snapshot": snapshot}]):
                spliced = wire_json.dumps(data, separators=wire_json.COMPACT)
                assert json.loads(spliced) == json.loads(json.dumps(data))
    assert sorted(n["text"] for n in mine if n["mine"]) == sorted(texts)
