"""Make blocking libraries cooperative under eventlet or gevent.

Called once, first thing in a server process: monkey-patches the standard
library, then teaches psycopg2 (the PostgreSQL driver) to wait through the
event loop instead of blocking the whole process (psycogreen).
"""
from __future__ import annotations

import os
import warnings


def patch(async_mode: str) -> None:
    """Patch for ``eventlet`` or ``gevent``; anything else is left alone."""
    if async_mode == "eventlet":
        # Upstream deprecates eventlet; gevent is the tested alternative
        # (README). The warning would only bury the links people need.
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        import eventlet
        eventlet.monkey_patch()
        from psycogreen.eventlet import patch_psycopg
        patch_psycopg()
    elif async_mode == "gevent":
        lean_greenlets()
        from gevent import monkey
        monkey.patch_all()
        from psycogreen.gevent import patch_psycopg
        patch_psycopg()


def patch_driver_only(async_mode: str) -> None:
    """Under gunicorn the worker has monkey-patched already: only the driver is left."""
    if async_mode == "eventlet":
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        from psycogreen.eventlet import patch_psycopg
        patch_psycopg()
    elif async_mode == "gevent":
        lean_greenlets()
        from psycogreen.gevent import patch_psycopg
        patch_psycopg()


def lean_greenlets() -> None:
    """Spawn greenlets without recording who spawned them.

    gevent keeps, for every greenlet, the ten frames of the stack that spawned
    it and a tree of spawn-local dicts: a debugging aid. Each phone holds three
    or four greenlets (WebSocket reader and writer, ping, handler) and every
    Socket.IO event spawns one, so the aid costs ~5 KB of memory per connected
    phone and a stack walk per event (docs/performance.md, "Greenlets without
    a spawn tree": 102 → 97 KB per phone in a join storm). Setting
    ``GEVENT_TRACK_GREENLET_TREE`` in the environment keeps gevent's own choice.
    """
    if "GEVENT_TRACK_GREENLET_TREE" not in os.environ:
        import gevent
        gevent.config.track_greenlet_tree = False
