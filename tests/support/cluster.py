"""``python -m app --workers N`` (HAProxy in front) as a test starts it, and screens to check.

``ClusterProcess`` starts the documented command on free ports and waits
until HAProxy and every worker answer. ``screen_state`` replays what a client
received the way static/js/live.js applies it (snapshot, then versioned
changes in version order, early ones held back), so a test can tell whether
a screen ends equal to the database.
"""
from __future__ import annotations

import random
import socket
import sys
import threading
import time
from pathlib import Path

import requests
import socketio

from tests.support.servers import ServerProcess

NOTE_EVENTS = ("note:created", "note:updated", "note:deleted")
OTHER_VERSIONED = ("board:state", "board:grouped", "board:timer_updated")


def free_port_run(count: int) -> int:
    """A port such that it and the ``count`` ports after it are free.

    Taken below Linux's ephemeral range (32768–60999), where the kernel hands out
    the local ports of outgoing connections: a run found free there can be taken
    by some client's connection before the workers bind it.
    """
    for _ in range(200):
        base = random.randrange(20000, 32000 - count)
        try:
            for port in range(base, base + count + 1):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no run of free ports")


class ClusterProcess(ServerProcess):
    """The supervisor, N workers and HAProxy; ``url`` is HAProxy's port."""

    def __init__(self, data_dir: Path, workers: int, env: dict) -> None:
        port = free_port_run(workers)
        super().__init__(data_dir=data_dir, port=port, env=env, command=[
            sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--data-dir", str(data_dir),
            "--public-url", f"http://127.0.0.1:{port}", "--quiet"])
        self.worker_ports = [port + 1 + i for i in range(workers)]

    def start(self, timeout: float = 90.0) -> None:
        super().start(timeout=timeout)
        try:
            self.wait_all_up(timeout)
        except RuntimeError:
            self.stop()
            raise

    def wait_all_up(self, timeout: float = 60.0) -> None:
        """Until every worker answers and HAProxy counts it as up."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(state == "UP" for state in self.server_states().values()) and \
                    len(self.server_states()) == len(self.worker_ports):
                return
            time.sleep(0.2)
        raise RuntimeError(f"not every worker came up:\n{self.log()}")

    def admin(self, line: str) -> str:
        """A command on HAProxy's admin socket."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(str(self.data_dir / "haproxy" / "haproxy.sock"))
            sock.sendall(line.encode() + b"\n")
            chunks = []
            while data := sock.recv(65536):
                chunks.append(data)
        return b"".join(chunks).decode()

    def _stats(self) -> list[dict]:
        try:
            lines = self.admin("show stat").splitlines()
        except OSError:
            return []
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","))) for line in lines[1:] if line]
        return [r for r in rows if r.get("pxname") == "workers" and r["svname"].startswith("w")]

    def server_states(self) -> dict[str, str]:
        """HAProxy's view: server name → UP / DOWN / ..."""
        return {r["svname"]: r["status"].split()[0] for r in self._stats()}

    def sessions_per_worker(self) -> dict[str, int]:
        """Connections HAProxy holds open to each worker now."""
        return {r["svname"]: int(r["scur"] or 0) for r in self._stats()}

    def worker_pid(self, port: int) -> int:
        """The process id of the worker on ``port`` (asked directly, not through HAProxy)."""
        return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).json()["worker"]


def screen_state(received: list) -> tuple[dict, bool]:
    """Replay events as live.js does: ({board id: (version, {note id: text})}, behind?).

    ``behind`` is true when the screen knows it misses something: a version
    gap that never filled, or ``sync:stale`` after its last snapshot.
    """
    boards: dict[int, tuple[int, dict]] = {}
    early: dict[tuple[int, int], tuple[str, dict]] = {}
    stale = False

    def apply(name: str, payload: dict) -> None:
        version, notes = boards[payload["board_id"]]
        notes = dict(notes)
        if name == "note:deleted":
            notes.pop(payload["note_id"], None)
        elif name in NOTE_EVENTS:
            notes[payload["note"]["id"]] = payload["note"]["text"]
        boards[payload["board_id"]] = (payload["version"], notes)

    for name, payload in received:
        if name == "snapshot":
            # As live.js: a board already held at a newer version than the snapshot's
            # (its event overtook the snapshot) is kept.
            boards = {b["id"]: boards[b["id"]] if b["id"] in boards
                      and boards[b["id"]][0] > b["version"]
                      else (b["version"], {n["id"]: n["text"] for n in b["notes"]})
                      for b in payload["boards"]}
            # Events already here that are newer than the snapshot still apply after it.
            for key in sorted(early):
                board_id, version = key
                if board_id not in boards or version <= boards[board_id][0]:
                    early.pop(key)
            for board_id in {board_id for board_id, _ in early}:
                while (board_id, boards[board_id][0] + 1) in early:
                    apply(*early.pop((board_id, boards[board_id][0] + 1)))
            stale = False
        elif name == "sync:stale":
            stale = True
        elif name in NOTE_EVENTS + OTHER_VERSIONED and isinstance(payload.get("version"), int):
            board = payload["board_id"]
            if board not in boards or payload["version"] <= boards[board][0]:
                continue
            early[(board, payload["version"])] = (name, payload)
            while (board, boards[board][0] + 1) in early:
                apply(*early.pop((board, boards[board][0] + 1)))
    return boards, stale or bool(early)


def settle(client, truth_of, timeout: float = 30.0) -> dict:
    """Let a screen catch up as live.js would (resync when behind); return its boards.

    ``truth_of()`` gives what the database holds ({board id: {note id: text}}) for
    the boards to compare.
    Fails unless the screen ends equal to it within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    # live.js asks for one more snapshot a few seconds after every reconnect; by the
    # time a test settles, a screen that reconnected would have done so.
    reconnected = len(client.events("snapshot")) > 1
    while True:
        boards, behind = screen_state(client.received)
        truth = truth_of()
        shown = {board: notes for board, (_, notes) in boards.items() if board in truth}
        if shown == truth:
            return shown
        if behind or reconnected:  # what live.js does on a gap, sync:stale or a reconnect
            try:
                ack = client.call("snapshot:get", timeout=10)
            except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
                ack = {}  # still reconnecting (its worker was killed): ask again shortly
            if ack.get("ok"):
                client.record("snapshot", ack["snapshot"])
                reconnected = False
        if time.monotonic() > deadline:
            missing = {b: set(truth.get(b, {})) - set(shown.get(b, {})) for b in truth}
            raise AssertionError(f"screen differs from the database; missing {missing}")
        time.sleep(0.2)


def close_all(clients) -> None:
    """Close many clients at once (each close may wait ~3 s for the WebSocket's close frame)."""
    threads = [threading.Thread(target=client.close) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
