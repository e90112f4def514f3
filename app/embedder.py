"""Sentence embeddings from a separate process, one per server worker (issue 16).

Embedding a note costs ~17 ms of CPU. Done in a native thread of the server
it held the GIL against the event loop and doubled the live board's p99 at
20 notes/s (docs/performance.md). So the model runs in its own process
(``app.embedder_child``), started lazily on the first request and talked to
over a socket pair. Under eventlet and gevent the socket is green: a greenlet
waiting for vectors yields to the loop, which stays free. Texts asked for
while a batch is in flight are sent together as the next batch.

When the process dies or hangs, the request fails (``None``: the caller falls
back to the lexical method for that refresh), the process is ended and a new
one is started on a later request (at most one start per ``RETRY`` seconds).
Nothing here ever blocks posting: only the grouping help asks for vectors.

The process runs only on idle CPU time (``SCHED_IDLE``, app/embedder_child.py),
so on a machine busy with a live room it may wait long for a core. Silence for
``TIMEOUT`` seconds is therefore taken for a hang only when the process is not
working: no thread runnable and no CPU time used since the last look (stopped,
or waiting for a request it never got); a runnable process is waited for, up
to ``CPU_LIMIT`` CPU seconds and ``PATIENCE`` seconds for one chunk.

``embed()`` must be called from the event loop (a greenlet), never from a
native thread: the socket and the lock are green primitives there.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .embedder_child import ANSWER, HEADER

log = logging.getLogger(__name__)

# The child finds this package whatever the server's working directory is.
CHILD = (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r}); "
         "from app.embedder_child import main; main()")
RETRY = 2.0  # seconds between two starts of a process that keeps failing
TIMEOUT = 30.0  # seconds of silence, with the process not working, before it is taken for hung
CPU_LIMIT = 60.0  # CPU seconds one chunk may use (it needs ~1.5): beyond, it spins
PATIENCE = 600.0  # seconds one chunk may wait for idle CPU on a saturated machine
CHUNK = 64  # texts per request: ~1.5 s of model time


@dataclass
class _Request:
    texts: list[str]
    result: list | None = None
    done: bool = False


@dataclass
class Embedder:
    """The client side: one per worker process (``embedder``, below)."""

    timeout: float = TIMEOUT
    process: subprocess.Popen | None = None
    sock: socket.socket | None = None
    started_at: float = -RETRY
    starts: int = 0
    failures: int = 0  # exchanges failed since the last one that succeeded
    pending: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)  # green once patched

    def pid(self) -> int | None:
        """The embedding process's id while one runs."""
        return self.process.pid if self.process is not None else None

    def embed(self, texts: list[str]) -> list | None:
        """Unit vectors (float32 arrays) for ``texts``, or None while no process can answer."""
        request = _Request(list(texts))
        self.pending.append(request)
        with self.lock:
            if not request.done:
                batch, self.pending = self.pending, []
                if request not in batch:  # taken by a greenlet that was killed mid-exchange
                    batch.append(request)
                # Requests that waited together often share texts (each refresh of a
                # board asks for all its notes not embedded yet): each text once.
                unique = list(dict.fromkeys(t for r in batch for t in r.texts))
                vectors = self._exchange_all(unique)
                found = None if vectors is None else dict(zip(unique, vectors))
                for item in batch:
                    item.result = None if found is None else [found[t] for t in item.texts]
                    item.done = True
        return request.result

    def _exchange_all(self, texts: list[str]) -> list | None:
        """Vectors of every text, CHUNK at a time (a cold 2,000-note board takes
        ~40 s of model time: each chunk, not the whole, must beat the timeout)."""
        vectors: list = []
        try:
            for start in range(0, len(texts), CHUNK):
                found = self._exchange(texts[start:start + CHUNK])
                if found is None:
                    return None
                vectors.extend(found)
        except BaseException:  # killed mid-answer: the stream is out of step, start afresh
            self.stop()
            raise
        return vectors

    def _exchange(self, texts: list[str]) -> list | None:
        if not texts:
            return []
        if self.sock is None and not self._start():
            return None
        body = json.dumps(texts, ensure_ascii=False).encode("utf-8")
        watch = _Watch(self.process.pid)
        try:
            self.sock.sendall(HEADER.pack(len(body)) + body)
            count, dims = ANSWER.unpack(self._receive(ANSWER.size, watch))
            data = self._receive(count * dims * 4, watch)
        except (OSError, EOFError, struct.error) as error:  # died, hung (timeout) or garbled
            log.warning("embedding process %s failed (%r); grouping help by words until "
                        "it is restarted", self.pid(), error)
            self.failures += 1
            self.stop()
            return None
        if count != len(texts):
            self.failures += 1
            self.stop()
            return None
        self.failures = 0
        import numpy  # installed wherever the model is (requirements.txt)
        return list(numpy.frombuffer(data, dtype="<f4").reshape(count, dims))

    def _receive(self, size: int, watch: "_Watch") -> bytes:
        chunks, missing = [], size
        while missing:
            try:
                chunk = self.sock.recv(min(missing, 1 << 20))
            except TimeoutError:
                if watch.working():  # starved of CPU, not hung: wait on
                    continue
                raise
            if not chunk:
                raise EOFError("the embedding process closed its socket")
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def _start(self) -> bool:
        # A process that keeps dying (a broken install) is retried ever more rarely.
        if time.monotonic() - self.started_at < RETRY * 2 ** min(self.failures, 5):
            return False
        self.started_at = time.monotonic()
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", CHILD, str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, close_fds=True)
        except OSError as error:
            log.warning("cannot start the embedding process: %r", error)
            ours.close()
            return False
        finally:
            theirs.close()
        ours.settimeout(self.timeout)
        self.sock = ours
        self.starts += 1
        return True

    def stop(self) -> None:
        """End the process (if any); the next request starts a new one."""
        sock, process, self.sock, self.process = self.sock, self.process, None, None
        if sock is not None:
            sock.close()
        if process is not None and process.poll() is None:
            process.kill()
        if process is not None:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # reaped by the next start's poll, or at exit
                pass


class _Watch:
    """Whether a silent embedding process is still working on one chunk (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.started = time.monotonic()
        self.cpu_at_start = self.cpu_seen = self._sample()[0]

    def _sample(self) -> tuple[float | None, bool]:
        """(CPU seconds used, whether any of its threads is runnable); (None, False) unknown."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu = int(fields[11]) + int(fields[12])  # utime + stime, all threads
            tasks = list(Path(f"/proc/{self.pid}/task").iterdir())
            runnable = False
            for task in tasks:
                try:
                    runnable |= (task / "stat").read_text().rsplit(")", 1)[1].split()[0] == "R"
                except OSError:  # the thread ended meanwhile
                    pass
        except (OSError, IndexError, ValueError):  # not Linux, or the process is gone
            return None, False
        return cpu / _TICKS, runnable

    def working(self) -> bool:
        """True while the process is runnable or has used CPU since the last look, within
        ``CPU_LIMIT`` and ``PATIENCE``; False for a process stopped, idle or spinning."""
        cpu, runnable = self._sample()
        if cpu is None or self.cpu_at_start is None:
            return False
        progressed, self.cpu_seen = cpu > self.cpu_seen, cpu
        if cpu - self.cpu_at_start > CPU_LIMIT or time.monotonic() - self.started > PATIENCE:
            return False
        return runnable or progressed


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

embedder = Embedder()
