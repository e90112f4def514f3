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
    assert counter.join("conn:a", "sid-1", cap=10)
    for i in range(100_002):
        counter.hit(f"requests:sid{i}", Limit(30, 1))
    assert counter.join("conn:a", "sid-2", cap=10)
    assert counter.size("conn:a") == 2
    counter.leave("conn:a", "sid-1")
    counter.leave("conn:a", "sid-2")
    assert counter.size("conn:a") == 0


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


def test_ipv6_addresses_count_per_64():
    from app.realtime.limits import Limiter
    limiter = Limiter(MemoryCounter(), "k",
                      {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()})
    same = limiter.address_key("2001:db8:1:2::1"), limiter.address_key("2001:db8:1:2:ffff::9")
    assert same[0] == same[1]
    assert limiter.address_key("2001:db8:1:3::1") != same[0]
    assert limiter.address_key("10.0.0.1") != limiter.address_key("10.0.0.2")


def test_deleted_text_leaves_no_trace_in_the_database_files(tmp_path):
    from app.domain.roles import Principal, Role
    from app.domain.workshops import draft
    from app.services import notes, workshops

    path = tmp_path / "trace.db"
    app = create_app(TestConfig, {"DATABASE_URL": f"sqlite:///{path}", "DATA_DIR": str(tmp_path)})
    try:
        with app.app_context():
            created = workshops.create(draft(title="Spor", questions=["Hva?"]))
            workshop = workshops.get(created.id)
            lead = Principal(Role.FACILITATOR, created.id, nonce=workshop.access_nonce,
                             credential=workshop.facilitator_digest)
            notes.create(lead, workshop.current_board_id, "Hemmelig-sporstoff-7319", "trace-0001")
            workshops.delete(created.id)
        files = [p for p in tmp_path.iterdir() if p.name.startswith("trace.db")]
        assert all(b"Hemmelig-sporstoff-7319" not in p.read_bytes() for p in files)
    finally:
        db.dispose()


def test_a_failed_statement_does_not_carry_its_parameters(app):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError) as failure:
        with db.session() as session:
            session.execute(text("INSERT INTO no_such_table VALUES (:t)"),
                            {"t": "Hemmelig lapp"})
    # (PostgreSQL may quote the statement in its own message; SQLAlchemy adds no parameters.)
    assert "[parameters:" not in str(failure.value)
    assert "hidden" in str(failure.value)
