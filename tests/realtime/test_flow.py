"""The workshop flow over real sockets: phases, hidden writing, grouping, voting, timer."""
from __future__ import annotations

import json
import threading
import time
import uuid

import pytest

from tests.support.workshops import create_workshop, facilitator, phone, projector


def cid() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def room(server):
    links = create_workshop(server.url)
    clients = {"lead": facilitator(links), "screen": projector(links),
               "alice": phone(links), "bob": phone(links)}
    board = clients["lead"].wait_for("snapshot")["boards"][0]["id"]
    yield {"links": links, "board": board, **clients}
    for client in clients.values():
        client.close()


def post(client, board, text):
    ack = client.call("note:create", {"board_id": board, "text": text, "cid": cid()})
    assert ack["ok"], ack
    return ack["note"]["id"]


def ok(ack):
    assert ack["ok"], ack
    return ack


def test_hidden_writing_sends_phones_only_their_own_notes(room):
    lead, alice, bob, screen, board = (room[k] for k in ("lead", "alice", "bob", "screen",
                                                         "board"))
    ok(lead.call("board:settings", {"board_id": board, "settings": {"notes_hidden": True}}))
    for client in (alice, bob, screen):
        client.wait_for("board:state", lambda p: p["board"]["settings"]["notes_hidden"])
    post(alice, board, "Alices hemmelige lapp")
    post(bob, board, "Bobs hemmelige lapp")
    assert screen.wait_for("board:count", lambda p: p["note_count"] == 2)
    lead.wait_for("note:created", lambda p: p["note"]["text"] == "Bobs hemmelige lapp")
    alice.wait_for("note:created", lambda p: p["note"]["text"] == "Alices hemmelige lapp")
    snapshot = bob.call("snapshot:get")["snapshot"]["boards"][0]
    assert [n["text"] for n in snapshot["notes"]] == ["Bobs hemmelige lapp"]
    assert snapshot["note_count"] == 2
    everything_bob_saw = json.dumps(bob.received, ensure_ascii=False)
    assert "Alices hemmelige lapp" not in everything_bob_saw
    assert "Alices hemmelige lapp" not in json.dumps(screen.received, ensure_ascii=False)
    # Reveal: every screen gets every note in one board:state.
    ok(lead.call("board:phase", {"board_id": board, "phase": "group"}))
    state = bob.wait_for("board:state", lambda p: p["board"]["phase"] == "group")
    assert sorted(n["text"] for n in state["board"]["notes"]) == [
        "Alices hemmelige lapp", "Bobs hemmelige lapp"]


def test_posting_outside_its_phase_is_refused_and_late_notes_arrive_ungrouped(room):
    lead, alice, board = room["lead"], room["alice"], room["board"]
    ok(lead.call("board:phase", {"board_id": board, "phase": "vote"}))
    refused = alice.call("note:create", {"board_id": board, "text": "For sent", "cid": cid()})
    assert refused["ok"] is False and refused["error"]["code"] == "phase_no_posting"
    ok(lead.call("board:phase", {"board_id": board, "phase": "group"}))
    ok(lead.call("board:settings", {"board_id": board, "settings": {"late_notes": True}}))
    note = alice.call("note:create", {"board_id": board, "text": "Sen lapp", "cid": cid()})
    assert note["ok"] and note["note"]["group_id"] is None


def test_grouping_changes_reach_every_screen_in_version_order(room):
    lead, alice, screen, board = room["lead"], room["alice"], room["screen"], room["board"]
    a, b, c = (post(alice, board, t) for t in ("Tillit", "Åpenhet", "Raskere svar"))
    ok(lead.call("board:phase", {"board_id": board, "phase": "group"}))
    made = ok(lead.call("group:combine", {"note_id": a, "onto_note_id": b}))
    group = made["group_id"]
    ok(lead.call("group:rename", {"group_id": group, "title": "Tillit og åpenhet"}))
    ok(lead.call("group:move", {"note_id": c, "group_id": group}))
    ok(lead.call("group:move", {"note_id": c, "group_id": None}))
    final = screen.wait_for("board:grouped", lambda p: p["version"] == made["version"] + 3)
    versions = [p["version"] for p in screen.events("board:grouped")]
    assert versions == sorted(versions) and len(set(versions)) == len(versions) == 4
    assert final["groups"] == [{"id": group, "title": "Tillit og åpenhet"}]
    assert final["moves"] == {str(c): None}
    refused = alice.call("group:move", {"note_id": a, "group_id": None})
    assert refused["error"]["code"] == "grouping_not_allowed"


def test_simultaneous_moves_of_one_note_end_in_one_state_everywhere(room):
    lead, alice, bob, board = room["lead"], room["alice"], room["bob"], room["board"]
    notes = [post(alice, board, f"Lapp {i}") for i in range(4)]
    ok(lead.call("board:phase", {"board_id": board, "phase": "group"}))
    ok(lead.call("board:settings", {"board_id": board,
                                    "settings": {"participants_group": True}}))
    g1 = ok(lead.call("group:combine", {"note_id": notes[1], "onto_note_id": notes[2]}))["group_id"]
    g2 = ok(lead.call("group:create", {"note_ids": [notes[3]], "title": "To"}))["group_id"]
    barrier = threading.Barrier(3)
    results = []

    def move(client, target):
        barrier.wait()
        for _ in range(10):
            results.append(client.call("group:move", {"note_id": notes[0], "group_id": target}))

    threads = [threading.Thread(target=move, args=(c, t))
               for c, t in ((alice, g1), (bob, g2), (lead, None))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r["ok"] for r in results)
    truth = lead.call("snapshot:get")["snapshot"]["boards"][0]
    expected = {n["id"]: n["group_id"] for n in truth["notes"]}
    for client in (alice, bob, room["screen"]):
        client.wait_for("board:grouped", lambda p: p["version"] == truth["version"])
        seen = {}
        for event in sorted(client.events("board:grouped"), key=lambda p: p["version"]):
            seen.update({int(k): v for k, v in event["moves"].items()})
        assert seen[notes[0]] == expected[notes[0]]


def test_vote_budget_holds_against_parallel_requests(room):
    lead, alice, bob, board = room["lead"], room["alice"], room["bob"], room["board"]
    notes = [post(bob, board, f"Idé {i}") for i in range(8)]
    ok(lead.call("board:settings", {"board_id": board, "settings": {"vote_budget": 3,
                                                                    "multi_dots": True}}))
    refused = alice.call("vote:add", {"board_id": board, "item": {"kind": "note",
                                                                 "id": notes[0]}, "cid": cid()})
    assert refused["error"]["code"] == "phase_no_voting"
    ok(lead.call("board:phase", {"board_id": board, "phase": "vote"}))
    answers = []

    def vote(i):
        answers.append(alice.call("vote:add", {"board_id": board, "item": {
            "kind": "note", "id": notes[i % 8]}, "cid": cid()}, timeout=20))

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(a["ok"] for a in answers) == 3
    # The rest are refused: over the budget, or (50 at once) over the flood limit.
    refusals = {a["error"]["code"] for a in answers if not a["ok"]}
    assert "budget_spent" in refusals and refusals <= {"budget_spent", "rate_limited"}
    time.sleep(1.1)  # the flood limit slowed this client for the rest of the second
    mine = alice.call("snapshot:get")["snapshot"]["boards"][0]["votes"]["mine"]
    assert len(mine) == 3
    progress = lead.wait_for("votes:progress", lambda p: p["dots"] == 3)
    assert "tally" not in progress
    assert not bob.events("votes:mine")
    everything_bob_saw = json.dumps(bob.received)
    assert '"mine": [{' not in everything_bob_saw


def test_one_dot_per_item_and_taking_it_back(room):
    lead, alice, bob, board = room["lead"], room["alice"], room["bob"], room["board"]
    a = post(bob, board, "Klart språk")
    ok(lead.call("board:phase", {"board_id": board, "phase": "vote"}))
    item = {"kind": "note", "id": a}
    first_cid = cid()
    ok(alice.call("vote:add", {"board_id": board, "item": item, "cid": first_cid}))
    again = alice.call("vote:add", {"board_id": board, "item": item, "cid": first_cid})
    assert again["ok"] and again["duplicate"] and len(again["mine"]) == 1
    second = alice.call("vote:add", {"board_id": board, "item": item, "cid": cid()})
    assert second["error"]["code"] == "already_voted"
    assert ok(alice.call("vote:remove", {"board_id": board, "item": item}))["mine"] == []
    assert alice.call("vote:remove", {"board_id": board,
                                      "item": item})["error"]["code"] == "no_dot_here"


def test_results_rank_items_with_ties_for_everyone(room):
    lead, alice, bob, screen, board = (room[k] for k in ("lead", "alice", "bob", "screen",
                                                         "board"))
    a, b, c = (post(alice, board, t) for t in ("A", "B", "C"))
    ok(lead.call("board:phase", {"board_id": board, "phase": "group"}))
    group = ok(lead.call("group:combine", {"note_id": a, "onto_note_id": b}))["group_id"]
    ok(lead.call("board:phase", {"board_id": board, "phase": "vote"}))
    for voter in (alice, bob):
        ok(voter.call("vote:add", {"board_id": board, "item": {"kind": "group", "id": group},
                                   "cid": cid()}))
    ok(alice.call("vote:add", {"board_id": board, "item": {"kind": "note", "id": c},
                               "cid": cid()}))
    ok(bob.call("vote:add", {"board_id": board, "item": {"kind": "note", "id": c},
                             "cid": cid()}))
    ok(lead.call("board:phase", {"board_id": board, "phase": "results"}))
    for client in (bob, screen, lead):
        state = client.wait_for("board:state", lambda p: p["board"]["phase"] == "results")
        assert state["board"]["results"] == [
            {"rank": 1, "kind": "group", "id": group, "votes": 2},
            {"rank": 1, "kind": "note", "id": c, "votes": 2}]


def test_timer_is_the_same_on_every_screen(room):
    lead, alice, screen, board = room["lead"], room["alice"], room["screen"], room["board"]
    started = ok(lead.call("board:timer", {"board_id": board, "action": "start", "seconds": 300}))
    for client in (alice, screen):
        timer = client.wait_for("board:timer_updated")["timer"]
        assert timer == {**started["timer"], "server_now": timer["server_now"]}
        assert timer["state"] == "running" and timer["ends_at"]
    paused = ok(lead.call("board:timer", {"board_id": board, "action": "pause"}))["timer"]
    assert paused["state"] == "paused" and 295 < paused["remaining"] <= 300
    refused = alice.call("board:timer", {"board_id": board, "action": "stop"})
    assert refused["error"]["code"] == "forbidden"


def test_time_is_up_does_not_follow_into_the_next_phase(room):
    lead, screen, board = room["lead"], room["screen"], room["board"]
    ok(lead.call("board:timer", {"board_id": board, "action": "start", "seconds": 1}))
    time.sleep(1.2)  # the countdown has to run out on the server's clock
    ok(lead.call("board:phase", {"board_id": board, "phase": "group"}))
    state = screen.wait_for("board:state", lambda p: p["board"]["phase"] == "group")
    assert state["board"]["timer"]["state"] == "stopped"
    # A countdown still running carries on into the next phase.
    ok(lead.call("board:timer", {"board_id": board, "action": "start", "seconds": 300}))
    ok(lead.call("board:phase", {"board_id": board, "phase": "vote"}))
    state = screen.wait_for("board:state", lambda p: p["board"]["phase"] == "vote")
    assert state["board"]["timer"]["state"] == "running"


def test_moderated_note_disappears_from_every_screen(room):
    lead, alice, bob, screen, board = (room[k] for k in ("lead", "alice", "bob", "screen",
                                                         "board"))
    note = post(alice, board, "Upassende")
    ok(lead.call("note:moderate", {"note_id": note, "hidden": True}))
    for client in (bob, screen, alice):
        client.wait_for("note:deleted", lambda p: p["note_id"] == note)
    assert lead.wait_for("note:updated", lambda p: p["note"]["hidden"])
    assert bob.call("snapshot:get")["snapshot"]["boards"][0]["notes"] == []
    ok(lead.call("note:moderate", {"note_id": note, "hidden": False}))
    bob.wait_for("note:updated", lambda p: p["note"]["id"] == note)


def test_locked_board_refuses_participants(room):
    lead, alice, board = room["lead"], room["alice"], room["board"]
    ok(lead.call("board:settings", {"board_id": board, "settings": {"locked": True}}))
    refused = alice.call("note:create", {"board_id": board, "text": "Låst?", "cid": cid()})
    assert refused["error"]["code"] == "board_locked"


def test_a_dot_on_a_note_that_was_grouped_counts_for_its_group(room):
    lead, alice, bob, board = room["lead"], room["alice"], room["bob"], room["board"]
    a, b = post(bob, board, "Tillit"), post(bob, board, "Åpenhet")
    ok(lead.call("board:phase", {"board_id": board, "phase": "vote"}))
    ok(alice.call("vote:add", {"board_id": board, "item": {"kind": "note", "id": a},
                               "cid": cid()}))
    ok(lead.call("board:phase", {"board_id": board, "phase": "group"}))
    group = ok(lead.call("group:combine", {"note_id": a, "onto_note_id": b}))["group_id"]
    ok(lead.call("board:phase", {"board_id": board, "phase": "vote"}))
    on_group = {"board_id": board, "item": {"kind": "group", "id": group}}
    second = alice.call("vote:add", {**on_group, "cid": cid()})
    assert second["error"]["code"] == "already_voted"
    assert ok(alice.call("vote:remove", on_group))["mine"] == []


def test_grouping_suggestions_reach_only_facilitator_screens(room):
    lead, alice, bob, screen, board = (room[k] for k in ("lead", "alice", "bob", "screen",
                                                         "board"))
    texts = ["Kortere saksbehandlingstid", "Raskere svar på søknader",
             "Lengre åpningstider", "Åpent på kveldstid", "Kortare sakshandsamingstid"]
    ids = [post(alice, board, t) for t in texts]
    ok(lead.call("board:phase", {"board_id": board, "phase": "group"}))
    made = ok(lead.call("group:combine", {"note_id": ids[0], "onto_note_id": ids[1]}))
    ok(lead.call("group:rename", {"group_id": made["group_id"], "title": "Saksbehandling"}))
    other = ok(lead.call("group:combine", {"note_id": ids[2], "onto_note_id": ids[3]}))
    pushed = lead.wait_for("suggestions", lambda p: str(ids[4]) in p["suggestions"], timeout=30)
    assert pushed["suggestions"][str(ids[4])][0]["group_id"] == made["group_id"]
    asked = ok(lead.call("suggest:get", {"board_id": board}))
    assert asked["suggestions"][str(ids[4])][0]["group_id"] == made["group_id"]
    for client in (alice, bob, screen):
        assert not client.events("suggestions")
        refused = client.call("suggest:get", {"board_id": board})
        assert refused["error"]["code"] == "forbidden"
    ok(lead.call("group:dissolve", {"group_id": made["group_id"]}))
    ok(lead.call("group:dissolve", {"group_id": other["group_id"]}))
    draft = ok(lead.call("suggest:draft", {"board_id": board}))["draft"]
    assert draft and all(group["title"] and len(group["note_ids"]) > 1 for group in draft)
