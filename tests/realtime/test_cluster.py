"""Several workers in step through Redis, on one PostgreSQL database.

Each test starts its own redis-server on a free port and its own PostgreSQL
database, and real worker processes; clients are real python-socketio
clients over WebSocket.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
import uuid

import pytest
import requests
import socketio

from tests.support.servers import ServerProcess, free_port
from tests.support.workshops import create_workshop, facilitator, phone, projector


def cid() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def workers(tmp_path_factory, postgres_url, redis_server):
    """``workers(n)`` starts n worker processes sharing Redis and PostgreSQL."""
    started: list[ServerProcess] = []
    env = {"DATABASE_URL": postgres_url, "REDIS_URL": redis_server.url,
           "SECRET_KEY": "cluster-test-key"}

    def start(n: int) -> list[ServerProcess]:
        for _ in range(n):
            server = ServerProcess(data_dir=tmp_path_factory.mktemp("worker"), env=env)
            server.start()
            started.append(server)
        return started[-n:]

    start.redis = redis_server
    start.env = env
    yield start
    for server in started:
        server.stop()


def links_on(links, server):
    """The same workshop, reached through another worker."""
    return type(links)(server.url, links.facilitator_url.replace(links.base_url, server.url),
                       links.projector_url.replace(links.base_url, server.url),
                       links.join_url.replace(links.base_url, server.url))


def test_clients_on_every_worker_see_every_change_in_the_same_versions(workers):
    servers = workers(3)
    links = create_workshop(servers[0].url)
    per_worker = [links_on(links, s) for s in servers]
    lead = facilitator(per_worker[0])
    screens = [projector(w) for w in per_worker]
    phones = [phone(w) for w in per_worker for _ in range(2)]
    clients = [lead, *screens, *phones]
    try:
        board = lead.wait_for("snapshot")["boards"][0]["id"]

        def burst(client, k):
            for i in range(5):
                assert client.call("note:create", {"board_id": board, "text": f"Lapp {k}.{i}",
                                                   "cid": cid()})["ok"]

        threads = [threading.Thread(target=burst, args=(c, k)) for k, c in enumerate(phones)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for client in clients:
            client.wait_for("note:created", lambda p: p["version"] == 30, timeout=10)
        expected = None
        for client in clients:
            seen = sorted((p["version"], p["note"]["id"]) for p in client.events("note:created"))
            assert [v for v, _ in seen] == list(range(1, 31))
            expected = expected or seen
            assert seen == expected
        # Grouping on worker 0 reaches phones on worker 2, in version order.
        assert lead.call("board:phase", {"board_id": board, "phase": "group"})["ok"]
        first, second = expected[0][1], expected[1][1]
        made = lead.call("group:combine", {"note_id": first, "onto_note_id": second})
        assert made["ok"]
        for client in (phones[-1], screens[2]):
            grouped = client.wait_for("board:grouped", lambda p: p["version"] == made["version"])
            assert grouped["moves"] == {str(first): made["group_id"], str(second): made["group_id"]}
        # Presence is counted across workers (6 phones on 3 workers).
        lead.wait_for("presence", lambda p: p["count"] == 6, timeout=10)
    finally:
        for client in clients:
            client.close()


def test_vote_budget_holds_with_voters_spread_over_workers(workers):
    servers = workers(3)
    links = create_workshop(servers[0].url)
    lead = facilitator(links)
    phones = [phone(links_on(links, servers[i % 3])) for i in range(9)]
    try:
        board = lead.wait_for("snapshot")["boards"][0]["id"]
        notes = [phones[0].call("note:create", {"board_id": board, "text": f"Idé {i}",
                                                "cid": cid()})["note"]["id"] for i in range(6)]
        assert lead.call("board:settings", {"board_id": board, "settings": {
            "vote_budget": 3, "multi_dots": True}})["ok"]
        assert lead.call("board:phase", {"board_id": board, "phase": "vote"})["ok"]
        answers: list[tuple[int, dict]] = []
        lock = threading.Lock()
        barrier = threading.Barrier(len(phones) * 8)

        def vote(k, client, i):
            barrier.wait()
            ack = client.call("vote:add", {"board_id": board, "item": {
                "kind": "note", "id": notes[i % 6]}, "cid": cid()}, timeout=30)
            with lock:
                answers.append((k, ack))

        threads = [threading.Thread(target=vote, args=(k, c, i))
                   for k, c in enumerate(phones) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for k, client in enumerate(phones):
            placed = [a for j, a in answers if j == k and a["ok"]]
            assert len(placed) == 3, (k, [a for j, a in answers if j == k])
            mine = client.call("snapshot:get")["snapshot"]["boards"][0]["votes"]["mine"]
            assert len(mine) == 3
        progress = lead.wait_for("votes:progress", lambda p: p["dots"] == 27, timeout=10)
        assert progress["voters"] == 9
    finally:
        lead.close()
        for client in phones:
            client.close()


def test_killed_worker_loses_no_acknowledged_note(tmp_path, postgres_url, redis_server):
    port = free_port()
    launcher = ServerProcess(
        data_dir=tmp_path, port=port,
        env={"DATABASE_URL": postgres_url, "REDIS_URL": redis_server.url},
        command=[sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", "3", "--data-dir", str(tmp_path),
                 "--public-url", f"http://127.0.0.1:{port}", "--quiet"])
    launcher.start(timeout=40)
    # /healthz answers as soon as one worker is up; wait until every worker serves pages.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            pids = {requests.get(f"{launcher.url}/healthz", timeout=2).json()["worker"]
                    for _ in range(3)}
            if pids and "csrf_token" in requests.get(f"{launcher.url}/", timeout=2).text:
                break
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.2)
    try:
        victim = requests.get(f"{launcher.url}/healthz").json()["worker"]
        links = create_workshop(launcher.url)
        screen = projector(links)
        phones = [phone(links) for _ in range(3)]
        board = screen.wait_for("snapshot")["boards"][0]["id"]
        acknowledged: set[str] = set()
        sent: dict[str, str] = {}
        lock = threading.Lock()
        killed = threading.Event()

        def post_until_done(client, k):
            outbox = [(cid(), f"Lapp {k}.{i}") for i in range(15)]
            deadline = time.monotonic() + 40
            while outbox and time.monotonic() < deadline:
                note_cid, text = outbox[0]
                with lock:
                    sent[note_cid] = text
                try:
                    ack = client.call("note:create", {"board_id": board, "text": text,
                                                      "cid": note_cid}, timeout=2)
                except (socketio.exceptions.TimeoutError,
                        socketio.exceptions.BadNamespaceError):
                    time.sleep(0.2)
                    continue  # keep it in the outbox and send it again
                assert ack["ok"], ack
                with lock:
                    acknowledged.add(note_cid)
                outbox.pop(0)
                if k == 0 and len(acknowledged) >= 10 and not killed.is_set():
                    killed.set()
                    os.kill(victim, signal.SIGKILL)
            assert not outbox, f"phone {k} could not deliver {len(outbox)} notes"

        threads = [threading.Thread(target=post_until_done, args=(c, k))
                   for k, c in enumerate(phones)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert killed.is_set()
        assert requests.get(f"{launcher.url}/healthz").json()["worker"] != victim
        for client in phones:  # every phone reconnected and resynchronised from a snapshot
            deadline = time.monotonic() + 15
            while len(client.events("snapshot")) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(client.events("snapshot")) >= 2
        final = phones[0].call("snapshot:get")["snapshot"]["boards"][0]["notes"]
        stored = [n["cid"] for n in final]
        assert len(stored) == len(set(stored)) == 45
        assert acknowledged <= set(stored)
    finally:
        for client in [*phones, screen]:
            client.close()
        launcher.stop()


def test_live_updates_resume_after_redis_restarts(workers):
    first, second = workers(2)
    links = create_workshop(first.url)
    writer = phone(links)
    reader = projector(links_on(links, second))
    try:
        board = reader.wait_for("snapshot")["boards"][0]["id"]
        assert writer.call("note:create", {"board_id": board, "text": "Før", "cid": cid()})["ok"]
        reader.wait_for("note:created", lambda p: p["note"]["text"] == "Før")
        workers.redis.restart()
        deadline = time.monotonic() + 30
        arrived = False
        while time.monotonic() < deadline and not arrived:
            text = f"Etter {time.monotonic():.1f}"
            assert writer.call("note:create", {"board_id": board, "text": text,
                                               "cid": cid()}, timeout=10)["ok"]
            try:
                reader.wait_for("note:created", lambda p: p["note"]["text"] == text, timeout=1)
                arrived = True
            except AssertionError:
                pass
        assert arrived, "live updates did not resume within 30 s of Redis restarting"
    finally:
        writer.close()
        reader.close()


@pytest.mark.parametrize("variable, url, expected", [
    ("REDIS_URL", "redis://127.0.0.1:{port}/0", "Cannot reach Redis"),
    ("DATABASE_URL", "postgresql://postgres@127.0.0.1:{port}/nothing", "Cannot use the database"),
])
def test_unreachable_service_gives_one_clear_line(tmp_path, variable, url, expected):
    import subprocess
    env = {**os.environ, variable: url.format(port=free_port())}
    result = subprocess.run([sys.executable, "-m", "app", "--port", str(free_port()),
                             "--data-dir", str(tmp_path), "--quiet"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in result.stderr
