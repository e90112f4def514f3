"""The ways Verksted is started: the Procfile's gunicorn line and both async libraries."""
from __future__ import annotations

import shlex
import sys
import uuid
from pathlib import Path

import pytest

from tests.support.workshops import create_workshop, phone, projector

ROOT = Path(__file__).resolve().parents[2]
KEY = "3f9c1a7e5b2d4c6e8a0b1d3f5e7c9a2b4d6f8e0a1c3b5d7f"  # strong enough for production


def procfile_command(port: int) -> list[str]:
    line = next(l for l in (ROOT / "Procfile").read_text().splitlines() if l.startswith("web:"))
    command = line.split(":", 1)[1].replace("${PORT:-5000}", str(port))
    words = shlex.split(command)
    assert words[0] == "gunicorn"
    return [str(Path(sys.executable).with_name("gunicorn")), *words[1:]]


def round_trip(base_url: str) -> None:
    links = create_workshop(base_url)
    screen, alice = projector(links), phone(links)
    try:
        board = screen.wait_for("snapshot")["boards"][0]["id"]
        assert alice.call("note:create", {"board_id": board, "text": "Hei fra telefonen",
                                          "cid": uuid.uuid4().hex})["ok"]
        assert screen.wait_for("note:created")["note"]["text"] == "Hei fra telefonen"
    finally:
        screen.close()
        alice.close()


def test_procfile_starts_one_gevent_worker_that_serves_sockets(server_factory):
    from tests.support.servers import free_port
    port = free_port()
    server = server_factory(port=port, command=procfile_command(port),
                            env={"SECRET_KEY": KEY})
    round_trip(server.url)
    assert "Using worker: gevent" in server.log()


def test_gunicorn_eventlet_worker_as_the_readme_describes(server_factory):
    from tests.support.servers import free_port
    port = free_port()
    command = [arg.replace("gevent", "eventlet") for arg in procfile_command(port)]
    server = server_factory(port=port, command=command,
                            env={"SECRET_KEY": KEY,
                                 "VERKSTED_ASYNC_MODE": "eventlet"})
    round_trip(server.url)
    assert "Using worker: eventlet" in server.log()


def test_python_m_app_defaults_to_gevent(server_factory, tmp_path):
    import requests
    from tests.support.servers import free_port
    port = free_port()
    command = [sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port),
               "--data-dir", str(tmp_path), "--quiet"]
    server = server_factory(port=port, command=command)
    assert requests.get(f"{server.url}/healthz", timeout=10).json()["async_mode"] == "gevent"


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_both_async_libraries_serve_the_app(server_factory, mode):
    server = server_factory(async_mode=mode)
    round_trip(server.url)


def test_production_config_requires_a_secret_key(tmp_path):
    from app import create_app
    from app.config import ProductionConfig
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig, {"SECRET_KEY": None,
                                      "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"})


@pytest.mark.parametrize("key", ["short-key", "changeme", "a" * 40, "test-secret-key"])
def test_production_refuses_a_weak_secret_key_with_one_line(tmp_path, key):
    import os
    import subprocess
    env = {**os.environ, "SECRET_KEY": key,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}", "VERKSTED_DATA_DIR": str(tmp_path)}
    started = subprocess.run([sys.executable, "-c", "import app.wsgi"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert started.returncode == 1
    lines = started.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("verksted: SECRET_KEY"), started.stderr


def test_production_accepts_a_strong_secret_key(tmp_path):
    from app import create_app
    from app.config import ProductionConfig
    made = create_app(ProductionConfig, {"SECRET_KEY": KEY,
                                         "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"})
    assert made.config["SECRET_KEY"] == KEY
