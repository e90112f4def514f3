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

``embed()`` must be called from the event loop (a greenlet), never from a
native thread: the socket and the lock are green primitives there.
"""
from __future__ import annotations

import json
import logging
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
TIMEOUT = 30.0  # seconds a chunk may take before the process is taken for hung
CHUNK = 64  # texts per request: ~1.5 s of model time, far below TIMEOUT on a busy machine


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
                vectors = self._exchange_all([t for r in batch for t in r.texts])
                start = 0
                for item in batch:
                    end = start + len(item.texts)
                    item.result = None if vectors is None else vectors[start:end]
                    item.done = True
                    start = end
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
        try:
            self.sock.sendall(HEADER.pack(len(body)) + body)
            count, dims = ANSWER.unpack(self._receive(ANSWER.size))
            data = self._receive(count * dims * 4)
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

    def _receive(self, size: int) -> bytes:
        chunks, missing = [], size
        while missing:
            chunk = self.sock.recv(min(missing, 1 << 20))
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


embedder = Embedder()
