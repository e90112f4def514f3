"""Start what is measured: Verksted or the bare relay, embedded (SQLite, one process)
or clustered (PostgreSQL + Redis + N worker processes on their own ports).

Cluster mode runs what an operator runs: ``python -m app --workers N`` (the supervisor,
N workers and HAProxy in front), sharing DATABASE_URL and REDIS_URL; every phone goes
through HAProxy's one port, so its cost is in the figures (its CPU is counted with the
servers'). The bare relay still gets N separate processes, phones spread over their ports.
Everything listens on 127.0.0.1 only.
"""
from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("VERKSTED_BENCH_PG_ADMIN",
                              "postgresql://postgres@127.0.0.1:5432/postgres")

# A load test from one address must lift the per-address flood limits (docs/security.md).
BENCH_LIMITS = {
    "VERKSTED_LIMIT_CONNECTIONS_PER_ADDRESS": "100000",
    "VERKSTED_LIMIT_REQUESTS_PER_SECOND": "2000",
    "VERKSTED_LIMIT_NOTES_PER_MINUTE": "100000",
    "VERKSTED_LIMIT_JOIN_ATTEMPTS_PER_MINUTE": "100000",
    # Every generated phone comes from 127.0.0.1 and joins within seconds.
    "VERKSTED_LIMIT_NEW_PARTICIPANTS_PER_ADDRESS_PER_MINUTE": "100000",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _proc_stat(pid: int) -> tuple[float, int]:
    """(CPU seconds used, resident set in bytes) of one process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        cpu = (int(fields[11]) + int(fields[12])) / ticks
        rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        return cpu, rss
    except (OSError, IndexError):
        return 0.0, 0


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    total = sum(fields[:8])
    return total - idle, total


class Redis:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                break
            except redis.RedisError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def profile(self, folder: str) -> list:
        """py-spy (collapsed stacks) on every server process until ``stop_profile``."""
        import signal as _signal  # noqa: F401
        Path(folder).mkdir(parents=True, exist_ok=True)
        spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        stamp = time.strftime("%H%M%S")
        return [subprocess.Popen([spy, "record", "--pid", str(p.pid), "--rate", "250",
                                  "--format", "raw", "--nonblocking", "-o",
                                  f"{folder}/{self.target}-{self.async_mode}-{n}-{stamp}.txt"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for n, p in enumerate(self.processes)]

    @staticmethod
    def stop_profile(profilers: list) -> None:
        import signal
        for profiler in profilers:
            profiler.send_signal(signal.SIGINT)
        for profiler in profilers:
            try:
                profiler.wait(timeout=30)
            except subprocess.TimeoutExpired:
                profiler.kill()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Postgres:
    def __init__(self) -> None:
        import psycopg2
        self.name = f"verksted_bench_{uuid.uuid4().hex[:10]}"
        admin = psycopg2.connect(PG_ADMIN_URL)
        admin.autocommit = True
        admin.cursor().execute(f'CREATE DATABASE "{self.name}"')
        admin.close()

    @property
    def url(self) -> str:
        return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.name

    def drop(self) -> None:
        import psycopg2
        admin = psycopg2.connect(PG_ADMIN_URL)
        admin.autocommit = True
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        admin.close()


def _busy(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
            return False
        except OSError:
            return True


def _children(pid: int) -> list[int]:
    """The direct children of a process (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


class _Pid:
    """A process we did not start ourselves, seen as much like a Popen as usage() needs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid


class Stack:
    """The servers of one run. ``target`` is "verksted" or "bare"; ``cluster`` means
    PostgreSQL + Redis + ``workers`` processes (bare: ``workers`` relays on Redis)."""

    def __init__(self, target: str, async_mode: str, cluster: bool = False, workers: int = 2,
                 extra_env: dict | None = None, app_root: str | None = None) -> None:
        self.app_root = Path(app_root) if app_root else ROOT
        self.target = target
        self.async_mode = async_mode
        self.cluster = cluster
        self.workers = workers if cluster else 1
        self.extra_env = extra_env or {}
        self.hidden = False  # the bare relay starts in hidden mode (hidden scenario)
        self.tmp = Path(tempfile.mkdtemp(prefix="verksted-bench-"))
        self.redis: Redis | None = None
        self.pg: Postgres | None = None
        self.ports: list[int] = []
        self.processes: list[subprocess.Popen] = []
        self._cpu_seen: dict[int, float] = {}  # pid -> CPU seconds when last seen

    @property
    def label(self) -> str:
        kind = f"pg+redis×{self.workers}" if self.cluster else (
            "sqlite×1" if self.target == "verksted" else "1 proc")
        return f"{self.target} {self.async_mode} {kind}"

    @property
    def database_url(self) -> str:
        return self.pg.url if self.pg else f"sqlite:///{self.tmp / 'verksted.db'}"

    def start(self) -> "Stack":
        from .fleet import raise_fd_limit
        raise_fd_limit()  # inherited by the servers: thousands of sockets each
        if self.cluster:
            self.redis = Redis(self.tmp)
            if self.target == "verksted":
                self.pg = Postgres()
        secret = uuid.uuid4().hex * 2
        if self.cluster and self.target == "verksted" and self.workers > 1:
            return self._start_behind_haproxy(secret)
        for number in range(self.workers):
            port = free_port()
            env = {**os.environ, "PYTHONUNBUFFERED": "1", **BENCH_LIMITS,
                   "SECRET_KEY": secret, "DATABASE_URL": self.database_url, **self.extra_env}
            env.pop("REDIS_URL", None)
            if self.target == "bare" and self.hidden:
                env["BARE_HIDDEN"] = "1"
            if self.redis:
                env["REDIS_URL"] = self.redis.url
            if self.target == "verksted":
                data = self.tmp / f"data{number}"
                data.mkdir()
                command = [sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port),
                           "--data-dir", str(data), "--public-url", f"http://127.0.0.1:{port}",
                           "--async-mode", self.async_mode, "--quiet"]
            else:
                command = [sys.executable, str(ROOT / "bench" / "bare_server.py"), "--port",
                           str(port), "--async-mode", self.async_mode]
                if self.redis:
                    command += ["--redis", self.redis.url]
            log = open(self.tmp / f"server{number}.log", "ab")
            self.processes.append(subprocess.Popen(command, cwd=self.app_root, env=env, stdout=log,
                                                   stderr=subprocess.STDOUT))
            self.ports.append(port)
        for port, process in zip(self.ports, self.processes):
            self._wait(port, process)
        return self

    def _start_behind_haproxy(self, secret: str) -> "Stack":
        """``python -m app --workers N``: phones use HAProxy's port (``self.ports``)."""
        port = free_port()
        while any(_busy(p) for p in range(port + 1, port + 1 + self.workers)):
            port = free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **BENCH_LIMITS, "SECRET_KEY": secret,
               "DATABASE_URL": self.database_url, "REDIS_URL": self.redis.url, **self.extra_env}
        data = self.tmp / "data"
        command = [sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port),
                   "--workers", str(self.workers), "--data-dir", str(data), "--public-url",
                   f"http://127.0.0.1:{port}", "--async-mode", self.async_mode, "--quiet"]
        log = open(self.tmp / "server0.log", "ab")
        self.supervisor = subprocess.Popen(command, cwd=self.app_root, env=env, stdout=log,
                                           stderr=subprocess.STDOUT)
        self.ports = [port]
        self.worker_ports = list(range(port + 1, port + 1 + self.workers))
        for worker in self.worker_ports:
            self._wait(worker, self.supervisor)
        self._wait(port, self.supervisor)
        # Workers and HAProxy: what usage() and profile() measure.
        self.processes = [_Pid(pid) for pid in _children(self.supervisor.pid)]
        return self

    def _wait(self, port: int, process: subprocess.Popen, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.logs()}")
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.logs()}")

    def kill_worker(self, number: int = 0) -> int:
        """SIGKILL one worker behind HAProxy (the supervisor starts it again); its pid."""
        import signal
        port = self.worker_ports[number]
        pid = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).json()["worker"]
        os.kill(pid, signal.SIGKILL)
        return pid

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:]
                         for p in sorted(self.tmp.glob("server*.log")))

    def usage(self) -> dict:
        """CPU seconds and resident memory, summed over the server processes.

        Behind HAProxy the supervisor's children are listed afresh each time and a
        process's CPU is remembered after it is gone (a killed or restarted worker), so
        the difference between two readings never goes backwards."""
        if getattr(self, "supervisor", None) and self.supervisor.poll() is None:
            self.processes = [_Pid(pid) for pid in _children(self.supervisor.pid)]
        seen = self._cpu_seen
        rss = 0
        for process in self.processes:
            c, r = _proc_stat(process.pid)
            if r:
                seen[process.pid] = c
            rss += r
        cpu = sum(seen.values())
        if self.redis:
            c, r = _proc_stat(self.redis.process.pid)
            cpu += c
        return {"cpu": cpu, "rss": rss}

    def writes(self) -> dict:
        """Group-commit counters summed over the server processes (``/healthz``)."""
        total = {"batches": 0, "requests": 0}
        for port in getattr(self, "worker_ports", self.ports):
            answer = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).json()
            for key in total:
                total[key] += answer.get("writes", {}).get(key, 0)
        return total

    def query(self, sql: str) -> list[tuple]:
        """Read the database directly (the checks: every acknowledged write stored)."""
        if self.pg:
            import psycopg2
            connection = psycopg2.connect(self.pg.url)
            try:
                cursor = connection.cursor()
                cursor.execute(sql)
                return cursor.fetchall()
            finally:
                connection.close()
        connection = sqlite3.connect(f"file:{self.tmp / 'verksted.db'}?mode=ro", uri=True,
                                     timeout=30)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()

    def profile(self, folder: str) -> list:
        """py-spy (collapsed stacks) on every server process until ``stop_profile``."""
        import signal as _signal  # noqa: F401
        Path(folder).mkdir(parents=True, exist_ok=True)
        spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        stamp = time.strftime("%H%M%S")
        return [subprocess.Popen([spy, "record", "--pid", str(p.pid), "--rate", "250",
                                  "--format", "raw", "--nonblocking", "-o",
                                  f"{folder}/{self.target}-{self.async_mode}-{n}-{stamp}.txt"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for n, p in enumerate(self.processes)]

    @staticmethod
    def stop_profile(profilers: list) -> None:
        import signal
        for profiler in profilers:
            profiler.send_signal(signal.SIGINT)
        for profiler in profilers:
            try:
                profiler.wait(timeout=30)
            except subprocess.TimeoutExpired:
                profiler.kill()

    def stop(self) -> None:
        if getattr(self, "supervisor", None):  # it stops its workers and HAProxy
            self.processes = [self.supervisor]
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.redis:
            self.redis.stop()
        if self.pg:
            self.pg.drop()
        if os.environ.get("BENCH_KEEP"):  # keep the servers' logs for a post-mortem
            print(f"kept {self.tmp}", file=sys.stderr)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
