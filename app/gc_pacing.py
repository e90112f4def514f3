"""Garbage collection paced to the event loop: full collections while it is quiet.

A full (generation-2) collection walks every object the process holds and stops
the one event loop while it does: on the 2-core test machine, busy, 1.5–5 µs per
object, so 0.2–0.75 s for the server's ~150,000 objects from start-up plus its
phones' state. CPython started one whenever enough objects had survived — in a
300-phone vote burst once or twice mid-burst, and every request waiting on the
loop was late by that much: the burst's p99 (docs/performance.md, *The vote
tail was the garbage collector*).

So:

- at start-up, once the app is built, everything alive (modules, classes,
  functions, the app itself) is frozen (``gc.freeze``): no collection walks it
  again;
- CPython's automatic full collections are switched off (the generation-2
  threshold out of reach); the young generations are collected as before
  (cheap: they hold only what was allocated lately);
- a background task runs the full collection itself once the server has been
  quiet for ``QUIET`` seconds (no HTTP or socket request arriving, none in
  flight, the loop not behind; at most every ``GAP`` seconds), and at the
  latest ``LONGEST`` seconds after the previous one should it never be quiet.
  It collects what is not frozen and freezes what survives, so the pause is
  proportional to what is new since the previous one; at a quiet moment at
  least ``THAW`` seconds after the last thaw, everything is thawed first, so
  garbage that was frozen while alive (a phone that left) is reclaimed too.

Only the serving processes do this (``app/server.py``), not tests that import
the app.
"""
from __future__ import annotations

import gc
import os
import time

QUIET = 1.0        # seconds without a request before a full collection may run
GAP = 10.0         # and at least this long after the previous one (a trickle of requests)
LONGEST = 60.0     # a full collection at the latest this long after the previous one
THAW = 300.0       # a quiet one walks everything again at most this often
CHECK = 0.25       # how often the task looks
LATE = 0.05        # a wake-up this late means the loop is busy
_OUT_OF_REACH = 1_000_000_000  # gen-1 collections before CPython would start a full one

# Socket requests and connections seen; the task compares it across a quiet period.
_activity = [0]
# Full collections: while quiet, overdue, of everything (thawed), and by CPython
# itself (none while paced); objects frozen; how long the last one took.
stats = {"paced": False, "quiet": 0, "overdue": 0, "thawed": 0, "automatic": 0,
         "frozen": 0, "last_ms": None}
_ours = [False]


def active() -> None:
    """A request or connection arrived (called by the socket handlers; cheap)."""
    _activity[0] += 1


def counting(wsgi_app):
    """``wsgi_app`` that counts every HTTP request (page loads, Engine.IO handshakes and
    polls) as activity, as the socket handlers count theirs; not the load balancer's
    health checks."""
    def counted(environ, start_response):
        if environ.get("PATH_INFO") != "/healthz":
            _activity[0] += 1
        return wsgi_app(environ, start_response)
    return counted


def _count_full(phase: str, info: dict) -> None:
    if phase == "stop" and info["generation"] == 2 and not _ours[0]:
        stats["automatic"] += 1


def collect_full(everything: bool, overdue: bool = False) -> float:
    """A full collection now, of everything (thawed first) or only of what is not
    frozen; what survives is frozen. Its duration in seconds."""
    started = time.perf_counter()
    _ours[0] = True
    try:
        if everything:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
    finally:
        _ours[0] = False
    took = time.perf_counter() - started
    stats["overdue" if overdue else "quiet"] += 1
    stats["thawed"] += everything
    stats["frozen"] = gc.get_freeze_count()
    stats["last_ms"] = round(took * 1000, 1)
    return took


def start(socketio, busy=lambda: False) -> None:
    """Freeze what start-up built, take full collections over, start the task.

    ``VERKSTED_GC_PACING=off`` leaves CPython's own collections as they are;
    ``VERKSTED_GC_QUIET``, ``_GAP``, ``_LONGEST`` and ``_THAW`` (seconds)
    change the pacing. ``busy()``: whether requests are in flight.
    """
    if os.environ.get("VERKSTED_GC_PACING", "on").lower() in ("off", "0", "no", "false"):
        return
    quiet = float(os.environ.get("VERKSTED_GC_QUIET", QUIET))
    gap = float(os.environ.get("VERKSTED_GC_GAP", GAP))
    longest = float(os.environ.get("VERKSTED_GC_LONGEST", LONGEST))
    thaw = float(os.environ.get("VERKSTED_GC_THAW", THAW))
    gc.collect()
    gc.freeze()
    stats["frozen"] = gc.get_freeze_count()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, _OUT_OF_REACH)
    stats["paced"] = True
    if _count_full not in gc.callbacks:
        gc.callbacks.append(_count_full)
    socketio.start_background_task(_pace, socketio.sleep, quiet, gap, longest, thaw, busy)


def _pace(sleep, quiet: float, gap: float, longest: float, thaw: float, busy) -> None:
    """Run a full collection when quiet (or overdue) and there is something to collect.

    Quiet: no request arrived, none is in flight, and this task's own wake-ups
    came on time (the loop is not working off a backlog: after a burst it may
    spend a second sending answers and events without a new request arriving).
    """
    last_full = last_thaw = time.monotonic()
    seen, quiet_since = _activity[0], last_full
    while True:
        asleep = time.monotonic()
        sleep(CHECK)
        now = time.monotonic()
        if _activity[0] != seen or now - asleep > CHECK + LATE or busy():
            seen, quiet_since = _activity[0], now
        # gc.get_count()[2]: young-generation (gen-1) collections since the last full
        # one, i.e. whether anything may have reached the old generation since.
        if gc.get_count()[2] == 0:
            continue
        if now - quiet_since >= quiet and now - last_full >= gap:
            everything = now - last_thaw >= thaw
            collect_full(everything)
            last_thaw = now if everything else last_thaw
        elif now - last_full >= longest:
            collect_full(everything=False, overdue=True)
        else:
            continue
        last_full = time.monotonic()
        seen, quiet_since = _activity[0], last_full
