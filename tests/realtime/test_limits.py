"""Flood limits: only the flooding client is slowed, and limits are shared through Redis."""
from __future__ import annotations

import re

import pytest

from app import create_app
from app.config import TestConfig
from app.extensions import db, socketio
from app.realtime.limits import Limit, Limiter, MemoryCounter, RedisCounter
from tests.realtime.conftest import Room

LOW = {"LIMIT_NOTES_PER_MINUTE": 3, "LIMIT_JOIN_ATTEMPTS_PER_MINUTE": 3,
       "LIMIT_JOIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE": 5,
       "LIMIT_CONNECTIONS_PER_ADDRESS": 8, "LIMIT_VOTES_PER_SECOND": 10,
       "LIMIT_REQUESTS_PER_SECOND": 30}


@pytest.fixture
def strict_room(tmp_path):
    app = create_app(TestConfig, {"DATABASE_URL": f"sqlite:///{tmp_path / 'l.db'}",
                                  "DATA_DIR": str(tmp_path), **LOW})
    room = Room(app, app.test_client())
    yield room
    room.close()
    db.dispose()


def post(client, board, i):
    return client.emit("note:create", {"board_id": board, "text": f"Lapp {i}",
                                       "cid": f"flood-{id(client)}-{i}"}, callback=True)


def test_notes_per_minute_slow_only_the_flooding_participant(strict_room):
    answers = [post(strict_room.phone, strict_room.board, i) for i in range(5)]
    assert [a["ok"] for a in answers] == [True, True, True, False, False]
    assert answers[-1]["error"]["code"] == "rate_limited"
    assert answers[-1]["error"]["message"]
    assert post(strict_room.other, strict_room.board, 99)["ok"]


def test_wrong_join_codes_are_limited_per_address(strict_room):
    http = strict_room.http
    token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/").text).group(1)
    for _ in range(3):
        assert http.post("/join", data={"csrf_token": token, "code": "AAAAAA"}).status_code == 404
    blocked = http.post("/join", data={"csrf_token": token, "code": strict_room.code})
    assert blocked.status_code == 429
    assert http.get(f"/j/{strict_room.code}").status_code == 429


def test_failed_socket_handshakes_count_but_never_refuse_a_valid_link(strict_room):
    def attempt(secret):
        client = socketio.test_client(strict_room.app,
                                      auth={"role": "facilitator", "secret": secret})
        strict_room.clients.append(client)
        return client.is_connected()

    assert [attempt("x" * 27) for _ in range(7)] == [False] * 7
    # The address's wrong links are used up, yet the valid link still opens.
    assert attempt(strict_room.secret)


def test_memory_counter_windows():
    counter = MemoryCounter()
    limit = Limit(2, 60)
    assert [counter.hit("k", limit) for _ in range(3)] == [True, True, False]
    assert counter.hit("other", limit)


def test_limits_are_shared_by_workers_through_redis(redis_server):
    import redis
    config = {"LIMIT_NOTES_PER_MINUTE": 4, "LIMIT_VOTES_PER_SECOND": 1,
              "LIMIT_REQUESTS_PER_SECOND": 1, "LIMIT_JOIN_ATTEMPTS_PER_MINUTE": 1,
              "LIMIT_CONNECTIONS_PER_ADDRESS": 3}
    workers = [Limiter(RedisCounter(redis.Redis.from_url(redis_server.url), "t"), "key", config)
               for _ in range(2)]
    answers = [workers[i % 2].allow("notes", "p1") for i in range(6)]
    assert answers == [True, True, True, True, False, False]
    assert [workers[i % 2].connect("10.0.0.1", f"s{i}") for i in range(4)] == [True] * 3 + [False]
    keys = [k.decode() for k in redis.Redis.from_url(redis_server.url).keys("*")]
    assert not any("10.0.0.1" in k for k in keys)  # addresses are only kept hashed
