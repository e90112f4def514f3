"""Sockets that never sign in count against the per-address cap, and are closed (issue 12, item 12).

Real servers, raw Engine.IO sessions (polling and WebSocket) that never send
the Socket.IO CONNECT, all from one address, with the cap set low (5). A
counted session must always be uncounted when it ends, however it ends: by
the client, by the server's deadline, or with the worker that held it.
"""
from __future__ import annotations

import time

import pytest
import redis
import socketio

from app.realtime.limits import Limiter, RedisCounter
from tests.support.cluster import ClusterProcess
from tests.support.engineio import PollingSession, Refused, WebSocketSession, open_sessions
from tests.support.workshops import create_workshop, phone

CAP = "5"
MODES = ["gevent", "eventlet"]


def assert_refused(base_url: str, kind=PollingSession, **options) -> None:
    """A handshake from this address is refused, and says why."""
    with pytest.raises(Refused) as refused:
        kind(base_url, **options)
    assert refused.value.status == 401 and refused.value.body["code"] == "rate_limited"


def phone_gets_in(links, within: float = 15.0):
    """A phone connects once the address has room again (sessions end asynchronously)."""
    deadline = time.monotonic() + within
    while True:
        try:
            return phone(links)
        except socketio.exceptions.ConnectionError:
            if time.monotonic() > deadline:
                raise


def assert_count_is(base_url: str, held: int) -> None:
    """Exactly ``held`` sessions are counted: the cap's remainder fits, one more does not."""
    extra = open_sessions(base_url, polling=int(CAP) - held, websockets=0)
    assert_refused(base_url)
    for session in extra:
        session.close()


def capped(server_factory, mode: str, deadline: str):
    """A server with the low cap and a workshop; five idle sessions from this address."""
    server = server_factory(async_mode=mode, env={
        "VERKSTED_LIMIT_CONNECTIONS_PER_ADDRESS": CAP,
        "VERKSTED_SOCKET_CONNECT_TIMEOUT": deadline})
    links = create_workshop(server.url)
    return server, links, open_sessions(server.url, polling=3, websockets=2)


@pytest.mark.parametrize("mode", MODES)
def test_idle_sessions_take_the_cap_and_give_it_back_when_they_end(server_factory, mode):
    server, links, idle = capped(server_factory, mode, deadline="60")
    assert_refused(server.url, PollingSession)
    assert_refused(server.url, WebSocketSession)
    with pytest.raises(socketio.exceptions.ConnectionError):
        phone(links)
    for session in idle:
        session.close()
    joined = phone_gets_in(links)
    assert joined.call("snapshot:get")["ok"]
    assert_count_is(server.url, held=1)
    joined.close()


@pytest.mark.parametrize("mode", MODES)
def test_a_session_that_never_signs_in_is_closed_after_the_deadline(server_factory, mode):
    server, links, idle = capped(server_factory, mode, deadline="1.5")
    # Pings come every 20 s and would keep them for ever; the deadline is 1.5 s.
    assert all(session.closed_by_server(within=15) for session in idle)
    joined = phone_gets_in(links)
    # A signed-in phone outlives the deadline: another idle session opened after it
    # is closed, the phone is not.
    assert PollingSession(server.url).closed_by_server(within=15)
    assert joined.sio.connected and joined.call("snapshot:get")["ok"]
    assert_count_is(server.url, held=1)
    joined.close()


def test_sessions_are_counted_once_across_workers_by_the_address_haproxy_sees(
        tmp_path_factory, postgres_url, redis_server):
    cluster = ClusterProcess(tmp_path_factory.mktemp("cluster"), 2, {
        "DATABASE_URL": postgres_url, "REDIS_URL": redis_server.url,
        "SECRET_KEY": "cluster-test-key", "VERKSTED_LIMIT_CONNECTIONS_PER_ADDRESS": CAP,
        "VERKSTED_SOCKET_CONNECT_TIMEOUT": "60"})
    try:
        cluster.start()
        links = create_workshop(cluster.url)
        # Pinned to both workers in turn, each naming a made-up address of its own:
        # HAProxy overwrites the header, so all five count against one address.
        idle = [PollingSession(cluster.url, headers={
            "Cookie": f"verksted_worker=w{cluster.worker_ports[i % 2]}",
            "X-Forwarded-For": f"203.0.113.{i}"}) for i in range(5)]
        for port in cluster.worker_ports:
            assert_refused(cluster.url, headers={"Cookie": f"verksted_worker=w{port}",
                                                 "X-Forwarded-For": "198.51.100.7"})
        for session in idle:
            session.close()
        joined = phone_gets_in(links)
        assert_count_is(cluster.url, held=1)
        joined.close()
    finally:
        cluster.stop()


def test_a_stopped_server_uncounts_its_sessions_in_redis(server_factory, redis_server):
    server = server_factory(env={"REDIS_URL": redis_server.url, "SECRET_KEY": "k" * 40,
                                 "VERKSTED_REDIS_PREFIX": "idle",
                                 "VERKSTED_SOCKET_CONNECT_TIMEOUT": "60"})
    limiter = Limiter(RedisCounter(redis.Redis.from_url(redis_server.url), "idle"), "k" * 40,
                      {"LIMIT_NOTES_PER_MINUTE": 1, "LIMIT_VOTES_PER_SECOND": 1,
                       "LIMIT_REQUESTS_PER_SECOND": 1, "LIMIT_JOIN_ATTEMPTS_PER_MINUTE": 1,
                       "LIMIT_CONNECTIONS_PER_ADDRESS": 5})
    idle = open_sessions(server.url, polling=2, websockets=2)
    assert limiter.open_sessions("127.0.0.1") == 4
    server.stop()  # SIGTERM: the graceful stop
    assert limiter.open_sessions("127.0.0.1") == 0
    for session in idle:
        if isinstance(session, WebSocketSession):
            session.close()


def test_a_dead_workers_sessions_are_forgotten_when_their_lease_runs_out(redis_server):
    config = {"LIMIT_NOTES_PER_MINUTE": 1, "LIMIT_VOTES_PER_SECOND": 1,
              "LIMIT_REQUESTS_PER_SECOND": 1, "LIMIT_JOIN_ATTEMPTS_PER_MINUTE": 1,
              "LIMIT_CONNECTIONS_PER_ADDRESS": 5}
    dying, living = (Limiter(RedisCounter(redis.Redis.from_url(redis_server.url), "lease",
                                          lease=1.0), "key", config) for _ in range(2))
    assert all(dying.connect("10.0.0.1", f"d{i}") for i in range(3))
    assert all(living.connect("10.0.0.1", f"l{i}") for i in range(2))
    assert not living.connect("10.0.0.1", "l2")
    # The dying worker never says goodbye; the living one keeps renewing its own two.
    deadline = time.monotonic() + 20
    while living.open_sessions("10.0.0.1") > 2 and time.monotonic() < deadline:
        living.renew({"l0": "10.0.0.1", "l1": "10.0.0.1"})
        time.sleep(0.2)
    assert living.open_sessions("10.0.0.1") == 2
    assert all(living.connect("10.0.0.1", f"l{i}") for i in range(2, 5))
    assert not living.connect("10.0.0.1", "l5")
    living.disconnect("10.0.0.1", "l0")
    living.disconnect("10.0.0.1", "l0")  # told twice, uncounted once
    assert living.open_sessions("10.0.0.1") == 4
