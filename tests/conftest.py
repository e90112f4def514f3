"""Shared fixtures: an in-process app, and real server processes on free ports."""
from __future__ import annotations

import os

import pytest

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.support.servers import ServerProcess
from tests.support.services import RedisServer, pg_available, pg_database, redis_available

IN_CI = os.environ.get("CI") == "true"


def missing(what: str) -> None:
    """Skip on a developer's machine, fail under CI: a missing tool is never a pass."""
    if IN_CI:
        pytest.fail(f"required for this test but missing: {what}")
    pytest.skip(f"missing: {what}")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Every test that stores data runs on the embedded SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if not pg_available():
        missing("PostgreSQL at 127.0.0.1:5432")
    with pg_database() as url:
        yield url


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database, for tests that are about PostgreSQL."""
    if not pg_available():
        missing("PostgreSQL at 127.0.0.1:5432")
    with pg_database() as url:
        yield url


@pytest.fixture
def redis_server(tmp_path_factory):
    """A private redis-server on a free port, stopped afterwards."""
    if not redis_available():
        missing("redis-server")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app(tmp_path, database_url):
    """An application on a fresh database, in threading mode for test clients."""
    application = create_app(TestConfig, {"DATABASE_URL": database_url,
                                          "DATA_DIR": str(tmp_path)})
    yield application
    db.dispose()


@pytest.fixture
def client(app):
    """Flask's HTTP test client."""
    return app.test_client()


@pytest.fixture
def server_factory(tmp_path_factory, database_url):
    """Start real server processes: ``server_factory()`` -> a running ServerProcess.

    They share the test's database (SQLite file or PostgreSQL) unless told otherwise.
    """
    started: list[ServerProcess] = []

    def start(**options) -> ServerProcess:
        data_dir = options.pop("data_dir", None) or tmp_path_factory.mktemp("server")
        env = {"DATABASE_URL": database_url.replace("test.db", "server.db")
               if database_url.startswith("sqlite") else database_url,
               **options.pop("env", {})}
        server = ServerProcess(data_dir=data_dir, env=env, **options)
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def server(server_factory):
    """One real embedded server (eventlet, SQLite) on a free port."""
    return server_factory()
