"""A real Verksted server process on a free port, as `python -m app` starts it."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """Start, stop and restart one server; keeps its data directory across restarts."""

    def __init__(self, data_dir: Path, async_mode: str = "eventlet",
                 env: dict | None = None, port: int | None = None,
                 command: list[str] | None = None, cwd: Path | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.cwd = cwd or ROOT  # another copy of the project (a fresh clone), if given
        self.async_mode = async_mode
        self.port = port or free_port()
        self.env = env or {}
        self.command = command
        self.process: subprocess.Popen | None = None
        self.log_path = self.data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        """Launch the process and wait until /healthz answers."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PORT": str(self.port),
               "VERKSTED_DATA_DIR": str(self.data_dir), **self.env}
        for inherited in ("DATABASE_URL", "REDIS_URL"):
            if inherited not in self.env:
                env.pop(inherited, None)
        command = self.command or [
            sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(self.port),
            "--data-dir", str(self.data_dir), "--public-url", self.url,
            "--async-mode", self.async_mode, "--quiet"]
        with open(self.log_path, "ab") as log:
            # A session of its own: stop() can end everything it started (a
            # supervisor's workers and load balancer too), so nothing outlives a test.
            self.process = subprocess.Popen(command, cwd=self.cwd, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log()
                self.stop()
                raise RuntimeError(f"server exited early:\n{log}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start in {timeout}s:\n{self.log()}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the process (SIGTERM by default, SIGKILL to simulate a crash)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            # Whatever it started and left behind (workers, HAProxy) goes with it.
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except OSError:
                pass
        self.process = None

    def restart(self) -> None:
        """Stop and start again on the same port with the same data."""
        self.stop()
        self.start()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
