"""gevent servers spawn greenlets without a spawn tree (app/asyncio_patch.py).

Each phone holds several greenlets and each Socket.IO event spawns one; the
spawn tree (ten recorded frames per greenlet) costs memory per phone and a
stack walk per event. Checked in fresh processes: patching is process-wide.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from app.asyncio_patch import {entry}
{entry}("gevent")
import gevent
g = gevent.spawn(lambda: None)
g.join()
print(gevent.config.track_greenlet_tree, g.spawning_stack is None)
"""


def _probe(entry: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "GEVENT_TRACK_GREENLET_TREE"}
    environ.update(env)
    done = subprocess.run([sys.executable, "-c", PROBE.format(entry=entry)], cwd=ROOT,
                          env=environ, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.parametrize("entry", ["patch", "patch_driver_only"])
def test_gevent_greenlets_carry_no_spawn_stack(entry):
    assert _probe(entry) == ["False", "True"]


def test_an_explicit_environment_setting_wins():
    assert _probe("patch", GEVENT_TRACK_GREENLET_TREE="1") == ["True", "False"]
