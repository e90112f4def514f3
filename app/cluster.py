"""``python -m app --workers N``: N worker processes behind HAProxy, on one machine.

This module only supervises; it is not in the data path. It starts the
workers (``python -m app`` each, on the N ports after the public one), writes
the load balancer's configuration into the data directory, runs HAProxy on
the public port (app/balancer.py says why HAProxy), and restarts a worker that
dies. SIGHUP restarts the workers one by one: HAProxy takes each out of
rotation first (maintenance: not even a phone whose cookie names it is sent
there), so no new phone is sent to a worker that is about to go. For several machines
see deploy/ instead.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .balancer import Balancer, haproxy_config

RESTART_DELAY = 1.0
START_TIMEOUT = 60.0


class Cluster:
    """The worker processes and the HAProxy in front of them."""

    def __init__(self, host: str, port: int, workers: int, worker_args: list[str],
                 run_dir: Path) -> None:
        self.host = host
        self.port = port
        self.ports = [port + 1 + i for i in range(workers)]
        self.worker_args = worker_args
        self.run_dir = run_dir
        self.processes: dict[int, subprocess.Popen] = {}
        self.balancer = Balancer(run_dir / "haproxy.cfg")
        self.stopping = False
        self.reload_requested = False

    def _spawn(self, port: int) -> None:
        command = [sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port),
                   "--quiet", *self.worker_args]
        env = {**os.environ, "VERKSTED_WORKER": str(port),
               "VERKSTED_WORKERS": os.environ.get("VERKSTED_WORKERS", str(len(self.ports))),
               # Only HAProxy on this machine reaches the workers' ports (bound to 127.0.0.1).
               "VERKSTED_TRUSTED_PROXIES": "127.0.0.1"}
        self.processes[port] = subprocess.Popen(command, env=env)

    def _healthy(self, port: int) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                return answer.status == 200
        except OSError:
            return False

    def _wait_healthy(self, port: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while not self._healthy(port) and time.monotonic() < deadline and not self.stopping:
            if self.processes[port].poll() is not None:
                return
            time.sleep(0.2)

    def _rolling_restart(self) -> None:
        """Restart the workers one at a time; HAProxy sends nobody new to the one going.

        The next worker is drained only once HAProxy's own checks count the restarted
        one as UP again: "ready" alone leaves it DOWN until its next check, and a
        moment with every worker down or draining answers new visitors 503.
        """
        for port in self.ports:
            # "maint", not "drain": a draining server still gets the requests whose
            # stickiness cookie names it — a phone that loaded the join page from this
            # worker a moment ago would open its socket on a worker that is stopping.
            # Established connections are not cut; the worker tells its phones to
            # reconnect, and they do, through HAProxy, to another worker.
            self.balancer.command(f"set server workers/w{port} state maint")
            self.processes[port].terminate()  # the worker tells its phones to reconnect
            self.processes[port].wait()
            self._spawn(port)
            self._wait_healthy(port)
            self.balancer.command(f"set server workers/w{port} state ready")
            deadline = time.monotonic() + START_TIMEOUT
            while not self.balancer.server_up(f"workers/w{port}") and \
                    time.monotonic() < deadline and not self.stopping:
                time.sleep(0.1)

    def _watch_once(self) -> None:
        for port, process in list(self.processes.items()):
            if process.poll() is not None and not self.stopping:
                print(f"verksted: worker on port {port} exited ({process.returncode}); "
                      "restarting", file=sys.stderr, flush=True)
                time.sleep(RESTART_DELAY)
                self._spawn(port)
        if self.balancer.process.poll() is not None and not self.stopping:
            print("verksted: haproxy exited; restarting", file=sys.stderr, flush=True)
            time.sleep(RESTART_DELAY)
            self.balancer.start()

    def run(self) -> None:
        """Start the workers and HAProxy; supervise until SIGINT/SIGTERM."""
        def stop(*_):
            self.stopping = True

        def reload(*_):
            self.reload_requested = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGHUP, reload)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.balancer.config_path.write_text(
            haproxy_config(self.host, self.port, self.ports, self.run_dir))
        for port in self.ports:
            self._spawn(port)
        self.balancer.start()
        print(f"verksted: {len(self.ports)} workers on ports {self.ports[0]}–{self.ports[-1]} "
              f"behind HAProxy on {self.host}:{self.port}", flush=True)
        try:
            while not self.stopping:
                if self.reload_requested:
                    self.reload_requested = False
                    self._rolling_restart()
                self._watch_once()
                time.sleep(0.3)
        finally:
            self.stopping = True
            self.balancer.stop()
            for process in self.processes.values():
                process.terminate()
            for process in self.processes.values():
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
