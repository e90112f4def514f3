"""A stop signal is handled at once even when a thread of a C library receives it.

openpyxl (for the XLSX exports) imports numpy where it is installed, and
OpenBLAS starts a thread; the kernel may hand SIGTERM to that thread. The
server must still drain and exit at once (app/server.py ``_wake_on_signals``),
not when the next request happens to wake its event loop.
"""
from __future__ import annotations

import ctypes
import os
import platform
import signal
import time

import pytest
import requests

from tests.support.workshops import create_workshop

TGKILL = {"x86_64": 234, "aarch64": 131}  # syscall numbers on Linux


@pytest.fixture
def database_url(tmp_path):
    """About signals, not storage: the embedded SQLite is enough."""
    return f"sqlite:///{tmp_path / 'test.db'}"


def send_to_thread(pid: int, tid: int, sig: int) -> None:
    """Send ``sig`` to one thread of another process (tgkill)."""
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.syscall(TGKILL[platform.machine()], pid, tid, sig) == 0, ctypes.get_errno()


def test_sigterm_on_another_thread_still_stops_the_server_at_once(server):
    links = create_workshop(server.url)
    assert requests.get(f"{links.facilitator_url}/export.xlsx", timeout=30).ok
    pid = server.process.pid
    others = [int(t) for t in os.listdir(f"/proc/{pid}/task") if int(t) != pid]
    started = time.monotonic()
    if others and platform.machine() in TGKILL:
        send_to_thread(pid, others[0], signal.SIGTERM)
    else:  # no library thread here: the plain signal must work too
        server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=8)
    assert time.monotonic() - started < 3
