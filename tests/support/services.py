"""Real PostgreSQL databases and Redis servers for tests, created and removed by the tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.support.servers import free_port

PG_ADMIN_URL = os.environ.get("VERKSTED_TEST_PG_ADMIN",
                              "postgresql://postgres@127.0.0.1:5432/postgres")


def pg_available() -> bool:
    """Whether the PostgreSQL server for tests answers."""
    import psycopg2
    try:
        psycopg2.connect(PG_ADMIN_URL, connect_timeout=3).close()
        return True
    except psycopg2.Error:
        return False


@contextmanager
def pg_database() -> Iterator[str]:
    """A fresh, empty database; dropped afterwards (with anything still connected)."""
    import psycopg2
    name = f"verksted_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(PG_ADMIN_URL)
    admin.autocommit = True
    try:
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        base = PG_ADMIN_URL.rsplit("/", 1)[0]
        yield f"{base}/{name}"
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def waiting_on_locks(postgres_url: str) -> int:
    """Queries of this database waiting for a lock right now."""
    import psycopg2
    with psycopg2.connect(postgres_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'")
        count = cur.fetchone()[0]
    conn.close()
    return count


class RedisServer:
    """A private redis-server on a free port (keeps nothing on disk)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = Path(workdir)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


def redis_available() -> bool:
    return shutil.which("redis-server") is not None
