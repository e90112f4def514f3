"""CPU-heavy pure work in a real OS thread, off the event loop, without wedging it.

Under eventlet and gevent, monkey-patching turns ``threading.Lock`` (and with it
SQLAlchemy's pool queue, Flask's context locals' helpers, caches' locks) into
green primitives that belong to the event loop's thread. A native thread that
blocks on one of them tries to switch greenlets across threads — eventlet fails
with "Cannot switch to a different thread" and can leave the lock held for good,
after which every database-backed request hangs.

So the rule is: ``in_thread(function, *args)`` runs ``function`` in a native
thread and hands its result (or exception) back to the calling greenlet, and
``function`` must be pure — plain data in, plain data out; no database session,
no app or request context, no green lock. Read what it needs on the event loop
first, pass it as arguments, store what it returns on the event loop afterwards.
State that both sides must share briefly takes a ``native_lock()``.
"""
from __future__ import annotations

import sys
import threading
from typing import Callable, TypeVar

T = TypeVar("T")


def green_library() -> str | None:
    """``"eventlet"`` or ``"gevent"`` when that library patched ``threading``, else None."""
    if "eventlet" in sys.modules:
        from eventlet import patcher
        if patcher.is_monkey_patched("thread"):
            return "eventlet"
    if "gevent" in sys.modules:
        from gevent import monkey
        if monkey.is_module_patched("threading"):
            return "gevent"
    return None


def in_thread(function: Callable[..., T], *args) -> T:
    """``function(*args)`` computed in a native thread; the caller's greenlet waits.

    Without a green library (threading mode, tests) it simply runs in the caller.
    """
    library = green_library()
    if library == "eventlet":
        from eventlet import tpool
        return tpool.execute(function, *args)
    if library == "gevent":
        import gevent
        return gevent.get_hub().threadpool.apply(function, args)
    return function(*args)


def native_lock():
    """A lock that is a real OS lock even after monkey-patching.

    Hold it only around a few dictionary operations: a greenlet that waited on
    it would stall the whole event loop, so nothing may block or yield inside.
    """
    library = green_library()
    if library == "eventlet":
        from eventlet import patcher
        return patcher.original("threading").Lock()
    if library == "gevent":
        from gevent import monkey
        return monkey.get_original("threading", "Lock")()
    return threading.Lock()
