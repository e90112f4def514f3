"""A snapshot overtaken by a newer event must not undo it (static/js/live.js).

With several workers a snapshot read just before a change can reach a screen
after that change's event: they travel different ways (the snapshot is read
and sent by the worker the screen is on, the event comes through Redis from
the worker that wrote). The screen holds the board at the newer version then;
replacing it with the older snapshot would lose the change for good, since no
later version would show a gap. Here the real module runs in Chromium against a
real server, and the screen's own socket delivers the first real snapshot once
more after the event, as the overtaking order does.
"""
from __future__ import annotations

import uuid

from tests.support.browser import connected
from tests.support.workshops import create_workshop, phone

START = """async (secret) => {
  const { Live } = await import('/static/js/live.js');
  const live = new Live({ role: 'projector', secret });
  window.probe = { live, snapshots: [] };
  live.socket.on('snapshot', (s) => window.probe.snapshots.push(JSON.parse(JSON.stringify(s))));
  await new Promise((resolve) => live.addEventListener('change', (e) => {
    if (e.detail.kind === 'snapshot') resolve();
  }));
}"""

NOTES = """(boardId) => {
  const board = window.probe.live.boards.get(boardId);
  return { version: board.version, texts: [...board.notes.values()].map((n) => n.text) };
}"""

REPLAY_FIRST_SNAPSHOT = """() => {
  const { live, snapshots } = window.probe;
  for (const handler of live.socket.listeners('snapshot')) handler(snapshots[0]);
}"""


def test_an_older_snapshot_arriving_after_an_event_keeps_the_event(server, browsing):
    links = create_workshop(server.url)
    page = browsing.desktop(links.projector_url)
    connected(page)
    page.evaluate(START, links.projector_secret)
    writer = phone(links)
    try:
        board = writer.wait_for("snapshot")["boards"][0]["id"]
        first = page.evaluate(NOTES, board)
        assert first["texts"] == []
        ack = writer.call("note:create", {"board_id": board, "text": "Kom før bildet",
                                          "cid": uuid.uuid4().hex})
        assert ack["ok"], ack
        page.wait_for_function(
            "(boardId) => window.probe.live.boards.get(boardId).notes.size === 1", arg=board)
        after_event = page.evaluate(NOTES, board)
        assert after_event == {"version": first["version"] + 1, "texts": ["Kom før bildet"]}

        page.evaluate(REPLAY_FIRST_SNAPSHOT)  # the older snapshot arrives late

        assert page.evaluate(NOTES, board) == after_event
        # A snapshot at least as new as the board still replaces it (resync after a gap).
        page.evaluate("() => window.probe.live.resync()")
        assert page.evaluate(NOTES, board) == after_event
    finally:
        writer.close()
    assert not browsing.page_errors, browsing.page_errors


COUNT_SNAPSHOTS = """() => {
  window.probe.applied = 0;
  window.probe.live.addEventListener('change', (e) => {
    if (e.detail.kind === 'snapshot') window.probe.applied += 1;
  });
}"""


def test_after_a_reconnect_the_screen_asks_once_more(server, browsing):
    """A change made elsewhere while a socket moved can miss both its event and the
    snapshot of the reconnect; live.js asks for one more snapshot a little later."""
    links = create_workshop(server.url)
    page = browsing.desktop(links.projector_url)
    connected(page)
    page.evaluate(START, links.projector_secret)
    page.evaluate(COUNT_SNAPSHOTS)
    page.evaluate("() => { window.probe.live.socket.disconnect(); }")
    page.evaluate("() => { window.probe.live.socket.connect(); }")
    # The reconnect's own snapshot, then (1.5–4.5 s later) the one it asks for.
    page.wait_for_function("() => window.probe.applied >= 2", timeout=15_000)
    assert not browsing.page_errors, browsing.page_errors
