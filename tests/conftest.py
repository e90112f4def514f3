"""Shared fixtures: an in-process app, and real server processes on free ports."""
from __future__ import annotations

import os

import pytest

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.support.servers import ServerProcess

IN_CI = os.environ.get("CI") == "true"


def missing(what: str) -> None:
    """Skip on a developer's machine, fail under CI: a missing tool is never a pass."""
    if IN_CI:
        pytest.fail(f"required for this test but missing: {what}")
    pytest.skip(f"missing: {what}")


@pytest.fixture
def app(tmp_path):
    """An application on a fresh SQLite file, in threading mode for test clients."""
    application = create_app(TestConfig, {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}",
        "DATA_DIR": str(tmp_path),
    })
    yield application
    db.dispose()


@pytest.fixture
def client(app):
    """Flask's HTTP test client."""
    return app.test_client()


@pytest.fixture
def server_factory(tmp_path_factory):
    """Start real server processes: ``server_factory()`` -> a running ServerProcess."""
    started: list[ServerProcess] = []

    def start(**options) -> ServerProcess:
        data_dir = options.pop("data_dir", None) or tmp_path_factory.mktemp("server")
        server = ServerProcess(data_dir=data_dir, **options)
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
