"""``suggest:dismiss``: the facilitator's "not this group" is remembered (stored: it survives a
restart); others may not send it, and bad input is answered with a translated error and changes
nothing (docs/protocol.md)."""
from __future__ import annotations

from tests.realtime.test_flow import ok, post
from tests.realtime.test_flow import room as room  # noqa: F401 - the fixture
from tests.support.workshops import create_workshop, facilitator, phone


TEXTS = ["Kortere saksbehandlingstid", "Raskere svar på søknader",
         "Lengre åpningstider", "Åpent på kveldstid", "Saksbehandlingstiden må bli kortere"]


def two_groups_and_a_paraphrase(lead, alice, board):
    """Post TEXTS, group the first two and the next two: (note ids, first group, advice)."""
    ids = [post(alice, board, t) for t in TEXTS]
    ok(lead.call("board:phase", {"board_id": board, "phase": "group"}))
    saks = ok(lead.call("group:combine", {"note_id": ids[0], "onto_note_id": ids[1]}))["group_id"]
    ok(lead.call("group:combine", {"note_id": ids[2], "onto_note_id": ids[3]}))
    return ids, saks, ok(lead.call("suggest:get", {"board_id": board}, timeout=60))


def test_a_dismissed_suggestion_is_not_suggested_again(room):
    lead, alice, board = room["lead"], room["alice"], room["board"]
    ids, saks, asked = two_groups_and_a_paraphrase(lead, alice, board)
    assert asked["method"] == "meaning"
    assert asked["suggestions"][str(ids[4])][0]["group_id"] == saks

    refused = alice.call("suggest:dismiss", {"board_id": board, "note_id": ids[4],
                                             "group_id": saks})
    assert refused["error"]["code"] == "forbidden"
    for bad, code in (({"note_id": "x", "group_id": saks}, "payload_invalid"),
                      ({"note_id": ids[4], "group_id": saks + 999}, "group_unknown"),
                      ({"note_id": ids[4] + 999, "group_id": saks}, "note_unknown")):
        answer = lead.call("suggest:dismiss", {"board_id": board, **bad})
        assert answer["error"]["code"] == code
        assert answer["error"]["message"]  # a sentence for the person, translated
    still = ok(lead.call("suggest:get", {"board_id": board}, timeout=60))
    assert still["suggestions"][str(ids[4])][0]["group_id"] == saks

    ok(lead.call("suggest:dismiss", {"board_id": board, "note_id": ids[4], "group_id": saks}))
    after = ok(lead.call("suggest:get", {"board_id": board}, timeout=60))
    assert all(o["group_id"] != saks for o in after["suggestions"].get(str(ids[4]), []))


def test_a_dismissal_survives_a_restart_of_the_server(server_factory):
    """Dismissals are stored with the board: a restarted server (any worker) still knows."""
    server = server_factory()
    links = create_workshop(server.url)
    lead, alice = facilitator(links), phone(links)
    board = lead.wait_for("snapshot")["boards"][0]["id"]
    ids, saks, asked = two_groups_and_a_paraphrase(lead, alice, board)
    assert asked["suggestions"][str(ids[4])][0]["group_id"] == saks
    ok(lead.call("suggest:dismiss", {"board_id": board, "note_id": ids[4], "group_id": saks}))
    lead.close()
    alice.close()

    server.restart()
    lead = facilitator(links)
    try:
        lead.wait_for("snapshot")
        after = ok(lead.call("suggest:get", {"board_id": board}, timeout=60))
        assert after["method"] == "meaning"
        assert all(o["group_id"] != saks for o in after["suggestions"].get(str(ids[4]), []))
    finally:
        lead.close()
