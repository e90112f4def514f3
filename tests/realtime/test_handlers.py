"""Socket handler rules through Flask-SocketIO's in-process test client."""
from __future__ import annotations

import pytest

from app.extensions import socketio


def snapshot_of(test_client) -> dict:
    return [m["args"][0] for m in test_client.get_received() if m["name"] == "snapshot"][-1]


@pytest.fixture
def room(room):
    """The shared Room, in the dictionary shape these tests were written for."""
    return {"lead": room.lead, "phone": room.phone, "other": room.other,
            "board": room.board, "code": room.code}


def post(c, board, text, cid="abcdefgh-0001"):
    return c.emit("note:create", {"board_id": board, "text": text, "cid": cid}, callback=True)


def test_wrong_credentials_are_refused(app):
    for auth in ({"role": "facilitator", "secret": "nope"}, {"role": "participant",
                 "code": "AAAAAA"}, {"role": "admin"}, "text", None):
        assert not socketio.test_client(app, auth=auth).is_connected()


def test_participant_without_cookie_is_refused(app, room):
    bare = socketio.test_client(app, auth={"role": "participant", "code": room["code"]})
    assert not bare.is_connected()


@pytest.mark.parametrize("payload, code", [
    ({"text": "", "cid": "abcdefgh-1"}, "note_empty"),
    ({"text": " \n ", "cid": "abcdefgh-1"}, "note_empty"),
    ({"text": "x" * 281, "cid": "abcdefgh-1"}, "note_too_long"),
    ({"text": "a\x00b", "cid": "abcdefgh-1"}, "text_control_chars"),
    ({"text": 5, "cid": "abcdefgh-1"}, "text_invalid"),
    ({"text": "ok", "cid": "x"}, "client_id_invalid"),
    ({"text": "ok"}, "payload_invalid"),  # a missing field (docs/protocol.md)
])
def test_bad_notes_are_refused_and_change_nothing(room, payload, code):
    ack = room["phone"].emit("note:create", {"board_id": room["board"], **payload},
                             callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == code
    assert ack["error"]["message"]
    notes = room["lead"].emit("snapshot:get", {}, callback=True)["snapshot"]["boards"][0]
    assert notes["notes"] == [] and notes["version"] == 0


def test_unknown_board_and_wrong_payload_types(room):
    assert post(room["phone"], 99999, "hei")["error"]["code"] == "board_unknown"
    assert post(room["phone"], "1", "hei")["error"]["code"] == "board_unknown"
    ack = room["phone"].emit("note:create", ["not", "a", "dict"], callback=True)
    assert ack["error"]["code"] == "payload_invalid"


def test_repeated_client_id_creates_one_note(room):
    first = post(room["phone"], room["board"], "Samme lapp", cid="retry-0001")
    again = post(room["phone"], room["board"], "Samme lapp", cid="retry-0001")
    assert first["ok"] and again["ok"] and again["duplicate"] is True
    assert again["note"]["id"] == first["note"]["id"]
    stolen = post(room["other"], room["board"], "Annen", cid="retry-0001")
    assert stolen["error"]["code"] == "client_id_invalid"
    snapshot = room["lead"].emit("snapshot:get", {}, callback=True)["snapshot"]
    assert len(snapshot["boards"][0]["notes"]) == 1


def test_participants_change_only_their_own_notes(room):
    note_id = post(room["phone"], room["board"], "Min lapp")["note"]["id"]
    other = room["other"]
    assert other.emit("note:update", {"note_id": note_id, "text": "Kapret"},
                      callback=True)["error"]["code"] == "note_not_yours"
    assert other.emit("note:delete", {"note_id": note_id},
                      callback=True)["error"]["code"] == "note_not_yours"
    assert room["phone"].emit("note:update", {"note_id": note_id, "text": "Endret"},
                              callback=True)["note"]["text"] == "Endret"
    assert room["lead"].emit("note:delete", {"note_id": note_id}, callback=True)["ok"]
    assert room["phone"].emit("note:delete", {"note_id": note_id},
                              callback=True)["error"]["code"] == "note_unknown"


def test_names_only_when_the_facilitator_allows_them(room):
    phone, lead = room["phone"], room["lead"]
    assert phone.emit("participant:rename", {"name": "Kari"},
                      callback=True)["error"]["code"] == "names_not_allowed"
    assert lead.emit("workshop:settings", {"settings": {"allow_names": True}},
                     callback=True)["ok"]
    assert phone.emit("participant:rename", {"name": " Kari "}, callback=True)["name"] == "Kari"
    assert post(phone, room["board"], "Signert")["note"]["name"] == "Kari"
    assert lead.emit("workshop:settings", {"settings": {"allow_names": False}},
                     callback=True)["ok"]
    snapshot = lead.emit("snapshot:get", {}, callback=True)["snapshot"]
    assert snapshot["boards"][0]["notes"][0]["name"] == ""


def test_participant_may_not_facilitate(room):
    for event, data in [("workshop:show_board", {"board_id": room["board"]}),
                        ("workshop:settings", {"settings": {"allow_names": True}})]:
        ack = room["phone"].emit(event, data, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
