"""docs/protocol.md must match the server: every documented event exists, and no other."""
from __future__ import annotations

import re
from pathlib import Path

from app.domain import events as ev
from app.extensions import socketio
from app.realtime import handlers

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def documented(section: str) -> set[str]:
    """The event names in the first column of the table under ``## <section>``."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return {match.group(1) for match in re.finditer(r"^\| `([a-z_:]+)`", body, re.MULTILINE)}


def test_documented_requests_are_exactly_the_servers_handlers(app):
    registered = set(socketio.server.handlers["/"]) - {"connect", "disconnect", "*"}
    assert documented("Client → server requests") == set(ev.CLIENT_REQUESTS)
    assert registered == set(ev.CLIENT_REQUESTS) == set(handlers.ACTIONS)


def test_documented_pushes_are_exactly_the_servers_pushes():
    assert documented("Server → client pushes") == set(ev.SERVER_PUSHES)


def test_snapshot_get_answers_the_documented_snapshot(room):
    pushed = next(m["args"][0] for m in room.lead.get_received() if m["name"] == "snapshot")
    answered = room.lead.emit("snapshot:get", {}, callback=True)["snapshot"]
    documented_keys = {"workshop", "boards", "you", "presence", "server_now"}
    assert set(pushed) == set(answered) == documented_keys


# Documented fields a request may leave out (docs/protocol.md says when).
OPTIONAL = {(event, name) for event, names in handlers.OPTIONAL.items() for name in names}


def documented_fields() -> dict[str, set[str]]:
    """Each request's payload fields, read off the first ``{...}`` of its payload cell."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split("## Client → server requests", 1)[1].split("\n## ", 1)[0]
    fields = {}
    for row in re.finditer(r"^\| `([a-z_:]+)`\s*\|[^|]*\|\s*`(\{.*?\})`", body, re.MULTILINE):
        # Only the top level: nested objects ({"settings": {...}}) name their own fields.
        depth, top = 0, []
        for char in row.group(2)[1:-1]:
            if char in "{[":
                depth += 1
            elif char in "}]":
                depth -= 1
            elif depth == 0:
                top.append(char)
        fields[row.group(1)] = set(re.findall(r'"([a-z_]+)":', "".join(top)))
    return fields


def test_required_fields_are_the_documented_ones():
    fields = documented_fields()
    assert set(fields) == set(ev.CLIENT_REQUESTS)
    for event, names in fields.items():
        required = {name for name in names if (event, name) not in OPTIONAL}
        assert set(handlers.REQUIRED[event]) == required, event
        assert set(handlers.OPTIONAL.get(event, ())) == names - required, event


def test_a_missing_field_is_refused_and_changes_nothing(room):
    assert room.phone.emit("participant:rename", {"name": "Kari"}, callback=True)
    ack = room.phone.emit("participant:rename", {}, callback=True)
    assert ack["error"]["code"] == "payload_invalid"
    assert room.snapshot(room.phone)["you"]["name"] in ("Kari", "")


def test_an_unknown_field_is_refused_and_changes_nothing(room):
    created = room.phone.emit("note:create", {"board_id": room.board, "text": "Første",
                                              "cid": "cid-unknown-field"}, callback=True)
    note_id = created["note"]["id"]
    ack = room.phone.emit("note:update", {"note_id": note_id, "text": "Andre", "hiden": True},
                          callback=True)
    assert ack["error"]["code"] == "payload_invalid"
    assert ack["error"]["message"] != "payload_invalid"  # a translated sentence
    ack = room.lead.emit("note:moderate", {"note_id": note_id, "hidden": True, "x": 1},
                         callback=True)
    assert ack["error"]["code"] == "payload_invalid"
    mine = [n for b in room.snapshot(room.phone)["boards"] for n in b["notes"]]
    assert [(n["text"], n.get("hidden", False)) for n in mine] == [("Første", False)]


def pushed(client, name: str) -> list[dict]:
    return [m["args"][0] for m in client.get_received() if m["name"] == name]


def test_mine_and_hidden_are_where_the_doc_says(room):
    """An own note keeps ``mine`` in every personal answer; ``board:state`` in hidden
    writing gives a phone ``notes: []`` (docs/protocol.md), never ``hidden`` flags."""
    created = room.phone.emit("note:create", {"board_id": room.board, "text": "Min",
                                              "cid": "cid-mine-hidden"}, callback=True)
    assert created["note"]["mine"] is True and "hidden" not in created["note"]
    pushed(room.phone, "board:state")
    assert room.lead.emit("board:settings", {"board_id": room.board,
                                             "settings": {"notes_hidden": True}},
                          callback=True)["ok"]
    state = pushed(room.phone, "board:state")[-1]["board"]
    assert state["notes"] == [] and state["note_count"] == 1
    updated = room.phone.emit("note:update", {"note_id": created["note"]["id"],
                                              "text": "Min, endret"}, callback=True)
    assert updated["note"]["mine"] is True and "hidden" not in updated["note"]
    own = pushed(room.phone, "note:updated")[-1]["note"]
    assert own["mine"] is True and "hidden" not in own
    assert pushed(room.lead, "note:updated")[-1]["note"]["hidden"] is False
    assert not pushed(room.other, "note:updated")
    doc = DOC.read_text(encoding="utf-8")
    assert '`"notes": []`' in doc and "`note:update` acknowledgements" in doc
