"""The server never wedges: work run in a native thread touches no green lock.

Grouping help is computed in a real OS thread (eventlet's tpool, gevent's
threadpool). Monkey-patching turns ``threading.Lock`` and SQLAlchemy's pool
queue into green primitives, which are not safe across OS threads: a native
thread that takes one can leave it held for good ("Cannot switch to a
different thread"), and then every database-backed request hangs. A tiny
switch interval (set through ``sitecustomize`` in the server process only)
makes the OS threads interleave often enough to hit that within seconds.
"""
from __future__ import annotations

import signal
import threading
import time
import uuid

import pytest

from tests.support.workshops import create_workshop, facilitator

FAST_SWITCH = "import sys\nsys.setswitchinterval(1e-6)\n"


@pytest.fixture
def busy_server(server_factory, tmp_path, request):
    """A server whose OS threads switch every microsecond."""
    (tmp_path / "sitecustomize.py").write_text(FAST_SWITCH)
    return server_factory(async_mode=request.param, env={
        "PYTHONPATH": str(tmp_path),
        "VERKSTED_LIMIT_REQUESTS_PER_SECOND": "100000",
        "VERKSTED_LIMIT_NOTES_PER_MINUTE": "100000"})


def _hammer(client, boards: list[int], stop: threading.Event, errors: list) -> None:
    """Post notes and ask for suggestions and drafts until told to stop."""
    k = 0
    while not stop.is_set():
        k += 1
        board = boards[k % len(boards)]
        try:
            client.call("note:create", {"board_id": board, "cid": uuid.uuid4().hex,
                                        "text": f"Bedre skilting ved inngang {k % 7} og parkering"},
                        timeout=20)
            client.call("suggest:draft", {"board_id": board}, timeout=20)
            client.call("suggest:get", {"board_id": board}, timeout=20)
        except Exception as error:  # noqa: BLE001 - a timeout here is the finding
            errors.append(repr(error))
            return


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("busy_server", ["eventlet", "gevent"], indirect=True)
def test_grouping_help_under_load_never_wedges_the_server(busy_server):
    leads, boards = [], {}
    for _ in range(4):
        links = create_workshop(busy_server.url)
        lead = facilitator(links)
        ids = [b["id"] for b in lead.wait_for("snapshot")["boards"]]
        for board in ids:
            assert lead.call("board:phase", {"board_id": board, "phase": "group"})["ok"]
        second = facilitator(links)
        leads += [lead, second]
        boards[id(lead)] = boards[id(second)] = ids
    stop, errors = threading.Event(), []
    workers = [threading.Thread(target=_hammer, args=(lead, boards[id(lead)], stop, errors))
               for lead in leads]
    for worker in workers:
        worker.start()
    time.sleep(10)  # the load's duration, not a wait for a condition
    stop.set()
    for worker in workers:
        worker.join(timeout=90)
    try:
        assert not errors, (errors, busy_server.log()[-3000:])
        # The database is still reachable from the event loop: a fresh connection gets a
        # snapshot and a write is acknowledged.
        fresh = facilitator(links)
        board = fresh.wait_for("snapshot", timeout=20)["boards"][0]["id"]
        assert fresh.call("note:create", {"board_id": board, "text": "Etterpå",
                                          "cid": uuid.uuid4().hex}, timeout=20)["ok"]
        fresh.close()
    finally:
        for lead in leads:
            lead.close()
    assert "Cannot switch to a different thread" not in busy_server.log()
    started = time.monotonic()
    busy_server.process.send_signal(signal.SIGTERM)
    busy_server.process.wait(timeout=30)  # the drain is not stuck on a lock either
    assert time.monotonic() - started < 30
