"""Fuzzing every socket event and the HTTP forms with Hypothesis.

The server must never crash or log a traceback, must answer every request
with a well-formed acknowledgement, and a refused request must leave the
board exactly as it was (compared through snapshots).
"""
from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app
from app.config import TestConfig
from app.domain import events as ev
from app.extensions import db
from tests.realtime.conftest import Room

WEIRD = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\u202eevil", "\u200b\u200b", "\ufeff", "🙂" * 300, "ø" * 281,
    "<script>alert(1)</script>", "' OR 1=1 --", "\n" * 50, "\ud83d", "x" * 5000, "١٢٣",
])
TEXT = st.one_of(st.text(max_size=400), WEIRD)
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
                   st.floats(allow_nan=True, allow_infinity=True), TEXT)
JSON = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
HUGE = st.one_of(st.integers(min_value=2**63, max_value=2**80),
                 st.integers(min_value=-2**80, max_value=-2**63 - 1))
IDS = st.one_of(st.integers(min_value=-3, max_value=50), HUGE, st.none(), TEXT, st.booleans())
FIELDS = {
    "board_id": IDS, "note_id": IDS, "onto_note_id": IDS, "group_id": IDS,
    "into_group_id": IDS, "note_ids": st.one_of(st.lists(IDS, max_size=5), JSON),
    "text": TEXT, "title": TEXT, "name": TEXT, "cid": st.one_of(TEXT, st.uuids().map(str)),
    "phase": st.one_of(st.sampled_from(["write", "group", "vote", "results"]), TEXT),
    "settings": JSON, "action": st.one_of(st.sampled_from(["start", "pause", "extend"]), TEXT),
    "seconds": SCALAR, "hidden": SCALAR, "item": JSON,
}
PAYLOAD = st.one_of(st.fixed_dictionaries({}, optional=FIELDS), JSON)


def stable(snapshot: dict) -> dict:
    """A snapshot without the clock readings that change on their own."""
    snapshot = {**snapshot, "server_now": None}
    snapshot["boards"] = [{**b, "timer": {**b["timer"], "server_now": None}}
                          for b in snapshot["boards"]]
    return snapshot


@pytest.fixture
def room(tmp_path, database_url):
    """A room whose flood limits do not get in the fuzzer's way."""
    app = create_app(TestConfig, {"DATABASE_URL": database_url, "DATA_DIR": str(tmp_path),
                                  "LIMIT_REQUESTS_PER_SECOND": 100_000,
                                  "LIMIT_NOTES_PER_MINUTE": 100_000,
                                  "LIMIT_VOTES_PER_SECOND": 100_000})
    made = Room(app, app.test_client())
    yield made
    made.close()
    db.dispose()


@pytest.fixture
def errors(caplog):
    caplog.set_level(logging.ERROR)
    return caplog


@pytest.mark.parametrize("event", ev.CLIENT_REQUESTS)
def test_fuzzed_requests_are_answered_and_refusals_change_nothing(room, errors, event):
    clients = [room.lead, room.phone]

    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(payload=PAYLOAD, who=st.sampled_from([0, 1]))
    def probe(payload, who):
        before = stable(room.snapshot())
        try:
            ack = clients[who].emit(event, payload, callback=True)
        except (UnicodeEncodeError, ValueError):
            return  # the test client itself cannot encode this (lone surrogate)
        assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), ack
        if not ack["ok"]:
            assert set(ack["error"]) == {"code", "message"} and ack["error"]["message"]
            assert ack["error"]["code"] != "internal", (event, payload)
            assert stable(room.snapshot()) == before, (event, payload)

    probe()
    tracebacks = [r for r in errors.records if r.levelno >= logging.ERROR]
    assert not tracebacks, [r.getMessage() for r in tracebacks]
    assert room.lead.is_connected() and room.phone.is_connected()


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(form=st.dictionaries(st.sampled_from(["title", "stakeholder", "question", "language",
                                             "allow_names", "code"]),
                            st.one_of(TEXT, st.lists(TEXT, max_size=12)), max_size=6))
def test_fuzzed_forms_never_crash(client, form):
    import re
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)
    for path in ("/workshops", "/join"):
        try:
            response = client.post(path, data={"csrf_token": token, **form})
        except (UnicodeEncodeError, ValueError):
            continue
        assert response.status_code in (302, 400, 404, 429), (path, form, response.status_code)


ID_FIELDS = ("board_id", "note_id", "onto_note_id", "group_id", "into_group_id")


@pytest.mark.parametrize("event", ev.CLIENT_REQUESTS)
def test_ids_beyond_64_bits_are_refused_as_invalid(room, errors, event):
    huge = {field: 2**63 for field in ID_FIELDS}
    payloads = [huge, {**huge, "note_ids": [2**64]}, {"item": {"kind": "note", "id": -2**63 - 1}}]
    for payload in payloads:
        ack = room.lead.emit(event, payload, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] in ("payload_invalid", "forbidden")
    assert not [r for r in errors.records if r.levelno >= logging.ERROR]


def test_unknown_events_with_a_callback_are_answered(room):
    for client in (room.lead, room.phone, room.screen):
        ack = client.emit("note:explode", {"note_id": 1}, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "event_unknown"
        assert ack["error"]["message"]


def test_a_timer_takes_whole_seconds_only(room):
    for seconds in (1.5, 0.5, float("inf")):
        ack = room.lead.emit("board:timer", {"board_id": room.board, "action": "start",
                                             "seconds": seconds}, callback=True)
        assert ack["error"]["code"] == "timer_invalid", seconds
    assert room.lead.emit("board:timer", {"board_id": room.board, "action": "start",
                                          "seconds": 60.0}, callback=True)["ok"]


def test_a_payload_nested_thousands_deep_is_answered_over_the_wire(server):
    """Raw Socket.IO frames: no client library would encode this for us."""
    import threading

    from tests.support.workshops import create_workshop, facilitator

    lead = facilitator(create_workshop(server.url))
    answered = threading.Event()
    answers = []

    def on_ack(*args):
        answers.append(args)
        answered.set()

    try:
        ack_id = lead.sio._generate_ack_id("/", on_ack)
        deep = "[" * 5000 + "]" * 5000
        lead.sio.eio.send(f'2{ack_id}["note:create",{deep}]')
        assert answered.wait(10), "the deep payload was never answered"
        assert answers[0][0]["error"]["code"] == "payload_invalid"
        assert lead.call("snapshot:get")["ok"]  # and the socket still works
        assert "Traceback" not in server.log()
    finally:
        lead.close()
