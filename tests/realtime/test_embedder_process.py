"""The embedding model runs in a process of its own, one per server worker (app/embedder.py).

It is started when the grouping help first needs it, is not the server (its own pid),
and when it dies posting goes on, the help answers (by words meanwhile), and a new
process takes over and the board is answered by meaning again; eventlet and gevent.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.realtime.test_flow import ok, post
from tests.realtime.test_suggest_dismiss import two_groups_and_a_paraphrase
from tests.support.workshops import create_workshop, facilitator, phone


def embedders_of(pid: int) -> list[int]:
    """Ids of the embedding processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"embedder_child" in command:
            found.append(int(entry.name))
    return found


def until(condition, timeout: float = 60.0, what: str = ""):
    """Wait for ``condition()`` to return something true; return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("async_mode", ["eventlet", "gevent"])
def test_the_model_runs_in_its_own_process_and_its_death_breaks_nothing(server_factory,
                                                                       async_mode):
    server = server_factory(async_mode=async_mode)
    server_pid = server.process.pid
    assert embedders_of(server_pid) == []  # started lazily, not with the server
    links = create_workshop(server.url)
    lead, alice = facilitator(links), phone(links)
    try:
        board = lead.wait_for("snapshot")["boards"][0]["id"]
        ids, saks, asked = two_groups_and_a_paraphrase(lead, alice, board)
        assert asked["method"] == "meaning"
        assert asked["suggestions"][str(ids[4])][0]["group_id"] == saks
        [first] = until(lambda: embedders_of(server_pid), what="the embedding process")
        assert first != server_pid

        os.kill(first, signal.SIGKILL)
        until(lambda: first not in embedders_of(server_pid), what="the process to die")
        # Posting never waits for the model; the help still answers, by words meanwhile.
        late = post(lead, board, "Svar raskere på e-post")
        answer = ok(lead.call("suggest:get", {"board_id": board}, timeout=60))
        assert answer["method"] in ("meaning", "words")

        # A new process is started and the board (the late note too) is embedded again.
        def by_meaning():
            again = ok(lead.call("suggest:get", {"board_id": board}, timeout=60))
            return again if again["method"] == "meaning" else None
        again = until(by_meaning, what="suggestions by meaning again")
        assert again["suggestions"][str(ids[4])][0]["group_id"] == saks
        assert late in [n["id"] for n in lead.call("snapshot:get")["snapshot"]["boards"][0]
                        ["notes"]]
        [second] = embedders_of(server_pid)
        assert second not in (first, server_pid)
    finally:
        lead.close()
        alice.close()
    # A worker that dies without a word (SIGKILL to it alone) leaves no embedder behind.
    server.process.kill()
    server.process.wait()
    until(lambda: not _alive(second), timeout=30, what="the embedder to end with its server")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("async_mode", ["eventlet", "gevent"])
def test_a_frozen_embedder_blocks_neither_posting_nor_the_board(server_factory, async_mode):
    """While the model is busy (here: stopped outright), the worker's event loop is free."""
    server = server_factory(async_mode=async_mode)
    links = create_workshop(server.url)
    lead, alice = facilitator(links), phone(links)
    try:
        board = lead.wait_for("snapshot")["boards"][0]["id"]
        post(alice, board, "Kortere saksbehandlingstid")
        ok(lead.call("suggest:get", {"board_id": board}, timeout=60))
        [embedder] = until(lambda: embedders_of(server.process.pid), what="the embedder")
        os.kill(embedder, signal.SIGSTOP)
        try:
            waiting = []  # a refresh that waits for the frozen model
            lead.sio.emit("suggest:get", {"board_id": board}, callback=waiting.append)
            lead.sio.emit("note:create", {"board_id": board, "text": "Tolk på legevakten",
                                          "cid": "frozen-0001"}, callback=waiting.append)
            started = time.monotonic()
            for k in range(5):  # posting goes on, each acknowledged promptly
                post(alice, board, f"Lapp nummer {k} mens modellen står")
            snapshot = alice.call("snapshot:get")["snapshot"]
            assert time.monotonic() - started < 10
            assert len(snapshot["boards"][0]["notes"]) >= 6
        finally:
            os.kill(embedder, signal.SIGCONT)
        # Let go, the waiting refresh is answered (by meaning: the process was only paused).
        answered = until(lambda: [a for a in waiting if "suggestions" in a], what="the refresh")
        assert answered[0]["method"] == "meaning"
    finally:
        lead.close()
        alice.close()


def _threads(pid: int) -> list[int]:
    return [int(task.name) for task in Path(f"/proc/{pid}/task").iterdir()]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_model_runs_on_idle_cpu_only(server_factory):
    """Every thread of the embedding process is SCHED_IDLE: a live room's event loop (and the
    rest of the machine) always comes first (docs/performance.md, "Embedding on idle time
    only"); it ran at nice 5 before and took a quarter of a contended core."""
    server = server_factory(async_mode="gevent")
    links = create_workshop(server.url)
    lead, alice = facilitator(links), phone(links)
    try:
        board = lead.wait_for("snapshot")["boards"][0]["id"]
        post(alice, board, "Kortere saksbehandlingstid")
        assert ok(lead.call("suggest:get", {"board_id": board}, timeout=60))["method"] == "meaning"
        [child] = until(lambda: embedders_of(server.process.pid), what="the embedder")
        policies = {tid: os.sched_getscheduler(tid) for tid in _threads(child)}
        assert set(policies.values()) == {os.SCHED_IDLE}, policies
        assert os.sched_getscheduler(server.process.pid) == os.SCHED_OTHER
    finally:
        lead.close()
        alice.close()


def test_a_starved_embedding_process_is_waited_for_not_taken_for_hung():
    """With a busy core the idle-priority model gets (almost) no CPU; silence past the
    timeout is then starvation, not a hang: the answer is waited for and the process kept."""
    import subprocess
    import sys
    import threading

    from app.embedder import Embedder

    model = Embedder(timeout=0.5)
    try:
        assert model.embed(["Tolk på legevakten"]) is not None  # started, model loaded
        child, core = model.pid(), min(os.sched_getaffinity(0))
        spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        try:
            os.sched_setaffinity(spinner.pid, {core})
            for tid in _threads(child):
                os.sched_setaffinity(tid, {core})
            until(lambda: _state(spinner.pid) == "R", what="the spinner to run")
            texts = [f"Lapp {k}: bedre skilting ved biblioteket og parkeringen" for k in range(16)]
            answers: list = []
            asking = threading.Thread(target=lambda: answers.append(model.embed(texts)))
            cpu_before, started = _cpu(child), time.monotonic()
            asking.start()
            # Three timeouts long the core belongs to the spinner (a normal process).
            until(lambda: time.monotonic() - started > 6 * model.timeout or answers,
                  what="three timeouts")
            starved_cpu = _cpu(child) - cpu_before
        finally:
            spinner.kill()
            spinner.wait()
        asking.join(timeout=120)
        assert answers and answers[0] is not None, "the starved process was taken for hung"
        assert len(answers[0]) == 16
        assert model.pid() == child and model.starts == 1
        # At nice 5 it took ~25 % of the shared core (~0.75 s here); SCHED_IDLE ~0.3 %.
        assert starved_cpu < 0.3, starved_cpu
    finally:
        model.stop()


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
