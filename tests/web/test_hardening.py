"""Small hardening items of issue 12 (items 12, 13 and 14)."""
from __future__ import annotations

import stat
import time

from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.realtime.limits import Limit, MemoryCounter
from tests.support.servers import ServerProcess
from tests.support.workshops import create_workshop, phone


def test_quiet_server_never_logs_a_facilitator_link(server):
    links = create_workshop(server.url)
    time.sleep(0.3)
    assert links.facilitator_secret not in server.log()


def test_the_database_and_its_wal_are_private(tmp_path):
    path = tmp_path / "private.db"
    server = ServerProcess(data_dir=tmp_path, env={"DATABASE_URL": f"sqlite:///{path}"})
    server.start()
    try:
        client = phone(create_workshop(server.url))
        client.close()
        for name in ("private.db", "private.db-wal", "private.db-shm"):
            mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
            assert mode & 0o077 == 0, (name, oct(mode))
    finally:
        server.stop()


def test_connection_counts_survive_forgetting_old_windows():
    counter = MemoryCounter()
    assert counter.add("conn:a", 1) == 1
    for i in range(100_002):
        counter.hit(f"requests:sid{i}", Limit(30, 1))
    assert counter.add("conn:a", 1) == 2
    assert counter.add("conn:a", -2) == 0


def test_https_gets_secure_cookies_and_hsts(tmp_path):
    app = create_app(TestConfig, {"DATABASE_URL": f"sqlite:///{tmp_path / 'h.db'}",
                                  "DATA_DIR": str(tmp_path),
                                  "PUBLIC_URL": "https://verksted.example.no"})
    try:
        response = app.test_client().get("/", base_url="https://verksted.example.no")
        assert "max-age" in response.headers["Strict-Transport-Security"]
        cookies = response.headers.getlist("Set-Cookie")
        assert cookies and all("Secure" in cookie for cookie in cookies)
        plain = app.test_client().get("/")
        assert "Strict-Transport-Security" not in plain.headers
    finally:
        db.dispose()
