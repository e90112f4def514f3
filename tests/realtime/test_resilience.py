"""Nothing lost: connections cut mid-burst, a crashed server, retries with client ids."""
from __future__ import annotations

import signal
import threading
import time
import uuid

import socketio

from tests.support.workshops import connect, create_workshop, facilitator, phone


def cid() -> str:
    return uuid.uuid4().hex


class Outbox:
    """What a phone keeps until the server acknowledges it (as static/js does)."""

    def __init__(self, client, event: str, payloads: list[dict]) -> None:
        self.client = client
        self.event = event
        self.pending = list(payloads)
        self.acknowledged: list[dict] = []
        self.attempts = 0

    def drain(self, deadline: float, on_ack=None) -> None:
        while self.pending and time.monotonic() < deadline:
            payload = self.pending[0]
            self.attempts += 1
            try:
                ack = self.client.call(self.event, payload, timeout=2)
            except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
                time.sleep(0.2)
                continue
            if not ack["ok"] and ack["error"]["code"] in ("server_restarting", "rate_limited"):
                time.sleep(0.3)
                continue
            assert ack["ok"], ack
            self.acknowledged.append(payload)
            self.pending.pop(0)
            if on_ack:
                on_ack(len(self.acknowledged))


def _drain_with_a_crash(server, outboxes: list[Outbox], after: int, seconds: float) -> bool:
    """Drain every outbox in parallel; SIGKILL and restart the server once the first
    outbox has ``after`` acknowledgements. Returns whether the crash happened."""
    crashed = threading.Event()

    def crash_once(count):
        if count == after and not crashed.is_set():
            crashed.set()
            server.stop(signal.SIGKILL)
            server.start()

    threads = [threading.Thread(target=o.drain, args=(time.monotonic() + seconds,
                                                      crash_once if k == 0 else None))
               for k, o in enumerate(outboxes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return crashed.is_set()


def test_crash_in_the_middle_of_posting_loses_nothing_and_duplicates_nothing(server):
    links = create_workshop(server.url)
    phones = [phone(links) for _ in range(3)]
    board = phones[0].wait_for("snapshot")["boards"][0]["id"]
    outboxes = [Outbox(p, "note:create", [{"board_id": board, "text": f"Lapp {k}.{i}",
                                           "cid": cid()} for i in range(12)])
                for k, p in enumerate(phones)]
    assert _drain_with_a_crash(server, outboxes, after=5, seconds=60)
    assert all(not o.pending for o in outboxes)
    lead = facilitator(links)
    try:
        notes = lead.wait_for("snapshot")["boards"][0]["notes"]
        stored = [n["cid"] for n in notes]
        sent = [p["cid"] for o in outboxes for p in o.acknowledged]
        assert sorted(stored) == sorted(sent)  # every note exactly once
        assert sum(o.attempts for o in outboxes) > 36  # some were re-sent after the crash
        _resent_are_duplicates(outboxes)
    finally:
        lead.close()
        for p in phones:
            p.close()


def _resent_are_duplicates(outboxes: list[Outbox]) -> None:
    """Every acknowledged request sent once more is answered ``duplicate``."""
    for outbox in outboxes:
        for payload in outbox.acknowledged:
            # As static/js/outbox.js does: "rate_limited" (this phone's own per-second
            # budget, spent by the burst just before) means "send it again shortly".
            deadline = time.monotonic() + 30
            while True:
                again = outbox.client.call(outbox.event, payload, timeout=10)
                if again["ok"] or again["error"]["code"] != "rate_limited" \
                        or time.monotonic() > deadline:
                    break
                time.sleep(0.3)
            assert again["ok"] and again["duplicate"] is True, again


def test_crash_in_the_middle_of_a_vote_burst_loses_no_acknowledged_dot(server):
    links = create_workshop(server.url)
    lead = facilitator(links)
    board = lead.wait_for("snapshot")["boards"][0]["id"]
    notes = [lead.call("note:create", {"board_id": board, "text": f"Idé {i}",
                                       "cid": cid()})["note"]["id"] for i in range(8)]
    assert lead.call("board:settings", {"board_id": board,
                                        "settings": {"vote_budget": 8}})["ok"]
    assert lead.call("board:phase", {"board_id": board, "phase": "vote"})["ok"]
    lead.close()
    voters = [phone(links) for _ in range(4)]
    outboxes = [Outbox(v, "vote:add", [{"board_id": board, "cid": cid(),
                                        "item": {"kind": "note", "id": n}} for n in notes])
                for v in voters]
    crashed = _drain_with_a_crash(server, outboxes, after=3, seconds=90)
    try:
        assert crashed
        assert all(not o.pending for o in outboxes)
        for voter, outbox in zip(voters, outboxes):
            mine = voter.call("snapshot:get", timeout=10)["snapshot"]["boards"][0]["votes"]["mine"]
            # every dot exactly once, each acknowledged, nothing else
            assert sorted(d["id"] for d in mine) == sorted(p["item"]["id"]
                                                            for p in outbox.acknowledged)
        _resent_are_duplicates(outboxes)
    finally:
        for voter in voters:
            voter.close()


def test_votes_resent_after_a_restart_are_counted_once(server):
    links = create_workshop(server.url)
    lead, voter = facilitator(links), phone(links)
    board = lead.wait_for("snapshot")["boards"][0]["id"]
    notes = [lead.call("note:create", {"board_id": board, "text": f"Idé {i}",
                                       "cid": cid()})["note"]["id"] for i in range(5)]
    assert lead.call("board:phase", {"board_id": board, "phase": "vote"})["ok"]
    dots = [{"board_id": board, "item": {"kind": "note", "id": n}, "cid": cid()} for n in notes]
    # The first two dots are acknowledged; then the acknowledgement of the third is "lost":
    # the server restarts right after it stored the dot, and the phone sends it again.
    for dot in dots[:3]:
        assert voter.call("vote:add", dot)["ok"]
    server.stop(signal.SIGTERM)
    server.start()
    outbox = Outbox(voter, "vote:add", dots[2:])
    outbox.drain(time.monotonic() + 30)
    assert not outbox.pending
    assert outbox.acknowledged[0]["cid"] == dots[2]["cid"]
    mine = voter.call("snapshot:get")["snapshot"]["boards"][0]["votes"]["mine"]
    assert sorted(d["id"] for d in mine) == sorted(notes)
    lead.close()
    voter.close()


def test_a_phone_that_slept_gets_the_current_state_on_waking(server):
    links = create_workshop(server.url)
    lead, sleeper = facilitator(links), phone(links)
    board = lead.wait_for("snapshot")["boards"][0]["id"]
    sleeper.wait_for("snapshot")
    sleeper.sio.disconnect()  # screen locked, Wi-Fi gone
    assert lead.call("note:create", {"board_id": board, "text": "Mens du sov",
                                     "cid": cid()})["ok"]
    assert lead.call("board:phase", {"board_id": board, "phase": "group"})["ok"]
    woke = time.monotonic()
    again = connect(links.base_url, {"role": "participant", "code": links.join_code},
                    sleeper.http)
    snapshot = again.wait_for("snapshot")
    assert time.monotonic() - woke < 1.0
    current = snapshot["boards"][0]
    assert current["phase"] == "group"
    assert [n["text"] for n in current["notes"]] == ["Mens du sov"]
    lead.close()
    again.close()
