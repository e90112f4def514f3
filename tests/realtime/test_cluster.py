"""Several workers behind HAProxy, in step through Redis, on one PostgreSQL database.

Every test runs the documented command, ``python -m app --workers N`` (the
supervisor, N workers and HAProxy in front), on a redis-server and a PostgreSQL
database of the test's own; the tests that need no settings of their own share one
such cluster of three workers (each in a workshop of its own). Clients are real python-socketio clients that reach
the workers only through HAProxy.
"""
from __future__ import annotations

import http.client
import itertools
import os
import signal
import sys
import threading
import time
import uuid

import psycopg2
import pytest
import requests
import socketio

from tests.conftest import missing
from tests.realtime.test_admission import handshake
from tests.support.cluster import ClusterProcess, close_all, settle
from tests.support.servers import free_port
from tests.support.services import (RedisServer, pg_available, pg_database, redis_available,
                                    waiting_on_locks)
from tests.support.workshops import connect, create_workshop, facilitator, phone, projector


def cid() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def cluster(tmp_path_factory, postgres_url, redis_server):
    """``cluster(n, **env)`` runs ``python -m app --workers n`` on our PostgreSQL and Redis."""
    started: list[ClusterProcess] = []

    def start(n: int, **env) -> ClusterProcess:
        made = ClusterProcess(tmp_path_factory.mktemp("cluster"), n, {
            "DATABASE_URL": postgres_url, "REDIS_URL": redis_server.url,
            "SECRET_KEY": "cluster-test-key", **env})
        started.append(made)  # stopped at the end even if it never came up
        made.start()
        return made

    start.redis = redis_server
    start.postgres_url = postgres_url
    yield start
    for made in started:
        made.stop()


@pytest.fixture(scope="module")
def three_workers(tmp_path_factory):
    """One ``python -m app --workers 3`` on its own PostgreSQL database and Redis, shared by
    the tests that need no settings of their own: each makes its own workshop, so they
    meet nothing of each other's. Started once for them, not once per test."""
    if not pg_available():
        missing("PostgreSQL at 127.0.0.1:5432")
    if not redis_available():
        missing("redis-server")
    redis = RedisServer(tmp_path_factory.mktemp("redis"))
    redis.start()
    try:
        with pg_database() as postgres_url:
            made = ClusterProcess(tmp_path_factory.mktemp("cluster"), 3, {
                "DATABASE_URL": postgres_url, "REDIS_URL": redis.url,
                "SECRET_KEY": "cluster-test-key"})
            made.postgres_url = postgres_url
            try:
                made.start()
                yield made
            finally:
                made.stop()
    finally:
        redis.stop()


@pytest.fixture
def lb3(three_workers):
    """The shared three workers, every one of them up (the supervisor has restarted any
    worker an earlier test killed)."""
    three_workers.wait_all_up()
    return three_workers


def database_notes(postgres_url: str, boards) -> dict:
    """What PostgreSQL holds: {board id: {note id: text}} for the given boards."""
    with psycopg2.connect(postgres_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT board_id, id, text FROM notes WHERE board_id = ANY(%s) AND NOT hidden",
                    (list(boards),))
        truth = {board: {} for board in boards}
        for board, note, text in cur.fetchall():
            truth[board][note] = text
    conn.close()
    return truth


def links_on(links, port: int):
    """The same workshop, reached on one worker's own port (not through HAProxy)."""
    url = f"http://127.0.0.1:{port}"
    return type(links)(url, *(getattr(links, name).replace(links.base_url, url)
                              for name in ("facilitator_url", "projector_url", "join_url")))


def post_notes(clients, board: int, count: int, prefix: str = "Lapp") -> list[dict]:
    """Every client posts ``count`` notes at once; returns every acknowledgement."""
    acks: list[dict] = []
    lock = threading.Lock()

    def burst(client, k):
        for i in range(count):
            ack = client.call("note:create", {"board_id": board, "text": f"{prefix} {k}.{i}",
                                              "cid": cid()}, timeout=30)
            with lock:
                acks.append(ack)

    threads = [threading.Thread(target=burst, args=(c, k)) for k, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return acks


def test_every_client_on_every_worker_ends_with_the_same_versions_and_notes(lb3):
    lb = lb3
    links = create_workshop(lb.url)
    lead = facilitator(links)
    screens = [projector(links) for _ in range(3)]
    phones = [phone(links) for _ in range(6)]
    clients = [lead, *screens, *phones]
    try:
        # HAProxy spread the connections: every worker holds some of them.
        assert all(n > 0 for n in lb.sessions_per_worker().values()), lb.sessions_per_worker()
        board = lead.wait_for("snapshot")["boards"][0]["id"]
        acks = post_notes(phones, board, 5)
        assert all(a["ok"] for a in acks), acks
        for client in clients:
            client.wait_for("note:created", lambda p: p["version"] == 30, timeout=20)
        expected = None
        for client in clients:
            seen = sorted((p["version"], p["note"]["id"]) for p in client.events("note:created"))
            assert [v for v, _ in seen] == list(range(1, 31))
            expected = expected or seen
            assert seen == expected
        truth = database_notes(lb.postgres_url, [board])
        for client in clients:
            assert settle(client, lambda: truth)[board] == truth[board]
        # Grouping on one worker reaches phones on the others, in version order.
        assert lead.call("board:phase", {"board_id": board, "phase": "group"})["ok"]
        first, second = expected[0][1], expected[1][1]
        made = lead.call("group:combine", {"note_id": first, "onto_note_id": second})
        assert made["ok"]
        for client in [*screens, *phones]:
            grouped = client.wait_for("board:grouped", lambda p: p["version"] == made["version"],
                                      timeout=20)
            assert grouped["moves"] == {str(first): made["group_id"], str(second): made["group_id"]}
        # Presence is counted across workers.
        lead.wait_for("presence", lambda p: p["count"] == 6, timeout=20)
    finally:
        for client in clients:
            client.close()


def test_vote_budget_holds_with_voters_spread_over_workers(lb3):
    lb = lb3
    links = create_workshop(lb.url)
    lead = facilitator(links)
    phones = [phone(links) for _ in range(6)]
    try:
        assert all(n > 0 for n in lb.sessions_per_worker().values()), lb.sessions_per_worker()
        board = lead.wait_for("snapshot")["boards"][0]["id"]
        notes = [phones[0].call("note:create", {"board_id": board, "text": f"Idé {i}",
                                                "cid": cid()})["note"]["id"] for i in range(6)]
        assert lead.call("board:settings", {"board_id": board, "settings": {
            "vote_budget": 3, "multi_dots": True}})["ok"]
        assert lead.call("board:phase", {"board_id": board, "phase": "vote"})["ok"]
        answers: list[tuple[int, dict]] = []
        lock = threading.Lock()
        barrier = threading.Barrier(len(phones) * 8)

        def vote(k, client, i):
            barrier.wait()
            ack = client.call("vote:add", {"board_id": board, "item": {
                "kind": "note", "id": notes[i % 6]}, "cid": cid()}, timeout=30)
            with lock:
                answers.append((k, ack))

        threads = [threading.Thread(target=vote, args=(k, c, i))
                   for k, c in enumerate(phones) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for k, client in enumerate(phones):
            placed = [a for j, a in answers if j == k and a["ok"]]
            assert len(placed) == 3, (k, [a for j, a in answers if j == k])
            mine = client.call("snapshot:get")["snapshot"]["boards"][0]["votes"]["mine"]
            assert len(mine) == 3
        progress = lead.wait_for("votes:progress", lambda p: p["dots"] == 18, timeout=20)
        assert progress["voters"] == 6
    finally:
        lead.close()
        for client in phones:
            client.close()


def send_until_acknowledged(client, board: int, texts, acknowledged: set, lock,
                            on_ack=lambda count: None, give_up_after: float = 60.0) -> list:
    """Post notes as the phone's outbox (static/js/outbox.js) does: each is sent again,
    with the same cid, after a timeout, a lost socket or a transient refusal, until it is
    acknowledged. ``texts`` may be endless (read lazily). Returns what was never
    acknowledged."""
    deadline = time.monotonic() + give_up_after
    for text in texts:
        note_cid = cid()
        while True:
            if time.monotonic() > deadline:
                return [text]
            try:
                ack = client.call("note:create", {"board_id": board, "text": text,
                                                  "cid": note_cid}, timeout=3)
            except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
                time.sleep(0.2)
                continue
            if not ack["ok"] and ack["error"]["code"] in ("server_restarting", "busy"):
                time.sleep(0.1)
                continue
            assert ack["ok"], ack
            with lock:
                acknowledged.add(note_cid)
                on_ack(len(acknowledged))
            break
    return []


def stored_cids(postgres_url: str, board: int) -> set:
    with psycopg2.connect(postgres_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT client_id FROM notes WHERE board_id = %s", (board,))
        found = {row[0] for row in cur.fetchall()}
    conn.close()
    return found


def test_killed_worker_phones_reconnect_through_haproxy_and_miss_nothing(lb3):
    lb = lb3
    links = create_workshop(lb.url)
    screen = projector(links)
    phones = [phone(links) for _ in range(6)]
    board = screen.wait_for("snapshot")["boards"][0]["id"]
    victim_port = max(lb.sessions_per_worker().items(), key=lambda kv: kv[1])[0][1:]
    victim = lb.worker_pid(int(victim_port))
    acknowledged: set[str] = set()
    lock = threading.Lock()
    killed = threading.Event()
    unsent: list = []
    try:
        def kill_after_twenty(count):
            if count >= 20 and not killed.is_set():
                killed.set()
                os.kill(victim, signal.SIGKILL)

        def post(client, k):
            unsent.extend(send_until_acknowledged(
                client, board, [f"Lapp {k}.{i}" for i in range(10)], acknowledged, lock,
                kill_after_twenty))

        threads = [threading.Thread(target=post, args=(c, k)) for k, c in enumerate(phones)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert killed.is_set()
        assert not unsent, f"{len(unsent)} notes could not be delivered"
        truth = database_notes(lb.postgres_url, [board])
        stored = list(truth[board].values())
        assert len(stored) == len(set(stored)) == 60
        assert acknowledged <= stored_cids(lb.postgres_url, board)
        # The victim's phones came back through HAProxy (to another worker) with a fresh
        # snapshot; every screen ends with exactly what the database holds.
        reconnected = [c for c in phones if len(c.events("snapshot")) >= 2]
        assert reconnected, "no phone was on the killed worker"
        for client in [screen, *phones]:
            settle(client, lambda: truth)
    finally:
        for client in [*phones, screen]:
            client.close()


def test_redis_restart_under_traffic_resumes_live_updates_and_screens_equal_the_database(
        cluster):
    lb = cluster(2)
    links = create_workshop(lb.url)
    writers = [phone(links) for _ in range(2)]
    screens = [projector(links) for _ in range(4)]
    try:
        assert all(n > 0 for n in lb.sessions_per_worker().values()), lb.sessions_per_worker()
        board = screens[0].wait_for("snapshot")["boards"][0]["id"]
        assert all(a["ok"] for a in post_notes(writers, board, 3, "Før"))
        stop = threading.Event()

        def keep_writing(client, k):
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    client.call("note:create", {"board_id": board, "text": f"Under {k}.{i}",
                                                "cid": cid()}, timeout=10)
                except socketio.exceptions.TimeoutError:
                    pass
                time.sleep(0.05)

        threads = [threading.Thread(target=keep_writing, args=(c, k))
                   for k, c in enumerate(writers)]
        for thread in threads:
            thread.start()
        time.sleep(1)
        # Redis goes down under traffic; the last notes are written while it is down (so no
        # later version reveals them to the other worker's screens), then it comes back.
        cluster.redis.stop()
        time.sleep(1.5)
        stop.set()
        for thread in threads:
            thread.join()
        cluster.redis.start()
        truth = database_notes(cluster.postgres_url, [board])
        assert any(t.startswith("Under") for t in truth[board].values())
        for screen in screens:
            settle(screen, lambda: truth)
        # Live updates resume: a note written now reaches every screen as a live event.
        deadline = time.monotonic() + 30
        arrived = False
        while time.monotonic() < deadline and not arrived:
            text = f"Etter {time.monotonic():.1f}"
            assert writers[0].call("note:create", {"board_id": board, "text": text,
                                                   "cid": cid()}, timeout=10)["ok"]
            try:
                for screen in screens:
                    screen.wait_for("note:created", lambda p: p["note"]["text"] == text,
                                    timeout=2)
                arrived = True
            except AssertionError:
                pass
        assert arrived, "live updates did not resume within 30 s of Redis restarting"
        truth = database_notes(cluster.postgres_url, [board])
        for screen in screens:
            settle(screen, lambda: truth, timeout=10)
    finally:
        for client in [*writers, *screens]:
            client.close()


def test_a_worker_redis_cuts_off_for_reading_slowly_brings_its_screens_back_to_the_database(
        cluster):
    # Redis drops a pub/sub subscriber whose unread output passes client-output-buffer-limit
    # (32 MB by default; 16 KB here so a short burst does it). What was published meanwhile
    # is gone for that worker; the last events of a burst leave no version gap behind them.
    import redis
    # Writers without per-minute caps: the burst goes on until Redis has cut the worker off.
    lb = cluster(2, VERKSTED_LIMIT_NOTES_PER_MINUTE="5000",
                 VERKSTED_LIMIT_REQUESTS_PER_SECOND="5000")
    slow_port, fast_port = lb.worker_ports
    control = redis.Redis.from_url(cluster.redis.url)
    control.config_set("client-output-buffer-limit", "pubsub 16kb 0 0")

    def subscribers() -> int:
        return sum(1 for c in control.client_list() if int(c.get("sub", 0)) + int(c.get("psub", 0)))

    links = create_workshop(lb.url)
    # Screens on the slow worker, writers on the other: ports chosen directly, so the test
    # knows which worker is which (HAProxy's spreading is tested above).
    screens = [projector(links_on(links, slow_port)) for _ in range(2)]
    writers = [phone(links_on(links, fast_port)) for _ in range(4)]
    board = screens[0].wait_for("snapshot")["boards"][0]["id"]
    slow = lb.worker_pid(slow_port)
    listening = subscribers()
    acks: list[dict] = []
    try:
        os.kill(slow, signal.SIGSTOP)
        try:
            # The stopped worker's socket buffers absorb the first bursts (their size depends
            # on how the kernel tuned them): post until Redis has dropped its subscription.
            # An emoji takes 12 bytes on the queue (JSON escapes it as a surrogate pair) and
            # each note goes out once per audience: ~10 KB a note, so a few bursts do it.
            for burst in range(30):
                acks += post_notes(writers, board, 25, f"Stille {burst} " + "👍🌲" * 125)
                if subscribers() < listening:
                    break
            deadline = time.monotonic() + 5  # Redis closes the subscriber on its next loop
            while subscribers() >= listening and time.monotonic() < deadline:
                time.sleep(0.05)
            assert subscribers() < listening, "Redis never cut the stopped worker off"
        finally:
            os.kill(slow, signal.SIGCONT)
        assert all(a["ok"] for a in acks), [a for a in acks if not a["ok"]][:3]
        truth = database_notes(cluster.postgres_url, [board])
        assert len(truth[board]) == len(acks)
        for screen in screens:
            settle(screen, lambda: truth)
        # The worker noticed and said so (its log line may follow the resync).
        deadline = time.monotonic() + 30
        while "subscription lost" not in lb.log() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "subscription lost" in lb.log()
    finally:
        for client in [*screens, *writers]:
            client.close()


def test_a_join_burst_larger_than_the_database_allows_completes_with_no_failed_join(
        cluster):
    # PostgreSQL admits at most 5 connections to this database; the workers share 4.
    # Stock pools (10 + 20 overflow per worker) ran past such a limit in a join storm.
    admin = psycopg2.connect(cluster.postgres_url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    admin.cursor().execute(
        f'ALTER DATABASE "{cluster.postgres_url.rsplit("/", 1)[1]}" CONNECTION LIMIT 5')
    admin.close()
    lb = cluster(2, VERKSTED_DB_CONNECTIONS="4")
    links = create_workshop(lb.url)
    joined: list = []
    failures: list = []
    lock = threading.Lock()
    barrier = threading.Barrier(24)

    def join():
        barrier.wait()
        try:
            client = phone(links)
            client.wait_for("snapshot", timeout=60)
            with lock:
                joined.append(client)
        except Exception as error:  # noqa: BLE001 - every failure is counted and shown
            with lock:
                failures.append(repr(error))

    threads = [threading.Thread(target=join) for _ in range(24)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures, failures[:3]
        assert len(joined) == 24
        assert "too many" not in lb.log().lower(), lb.log()[-2000:]
    finally:
        for client in joined:
            client.close()


def test_a_request_that_gets_no_database_connection_in_time_is_told_busy_not_left_hanging(
        cluster):
    # Two connections per worker, waited for at most 1 s.
    lb = cluster(2, VERKSTED_DB_CONNECTIONS="4", VERKSTED_DB_POOL_TIMEOUT="1")
    links = create_workshop(lb.url)
    writer = phone(links)
    board = writer.wait_for("snapshot")["boards"][0]["id"]
    late = requests.Session()  # a phone whose page loaded before the crowd came
    assert late.get(links.join_url, timeout=10).ok
    # Every connection of both workers is taken: requests on the workers' own ports stay
    # stuck behind a lock the test holds on the workshops table.
    holder = psycopg2.connect(cluster.postgres_url)
    holder.cursor().execute("LOCK TABLE workshops IN ACCESS EXCLUSIVE MODE")
    path = links.join_url.replace(links.base_url, "")
    stuck: list = []
    plugs = [threading.Thread(target=lambda p=port: stuck.append(
        requests.get(f"http://127.0.0.1:{p}{path}", timeout=60).status_code))
        for port in lb.worker_ports for _ in range(2)]
    try:
        for plug in plugs:
            plug.start()
        deadline = time.monotonic() + 30
        while waiting_on_locks(cluster.postgres_url) < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert waiting_on_locks(cluster.postgres_url) >= 4
        started = time.monotonic()
        # A page through HAProxy: 503 with Retry-After and the translated words.
        page = requests.get(links.join_url, headers={"Accept-Language": "en"}, timeout=30)
        assert page.status_code == 503, page.status_code
        assert page.headers["Retry-After"] == "2"
        assert "The server is very busy right now" in page.text
        # A socket request: the translated busy answer (the outbox sends it again).
        ack = writer.call("note:create", {"board_id": board, "text": "Nå", "cid": cid()},
                          timeout=30)
        assert not ack["ok"] and ack["error"]["code"] == "busy", ack
        assert "Serveren har svært mye å gjøre" in ack["error"]["message"]
        # A handshake: refused as busy (live.js asks again), not left waiting.
        client, refused = handshake(lb.url, {"role": "participant", "code": links.join_code,
                                             "lang": "en"}, http=late)
        assert client is None and refused["code"] == "busy", refused
        assert "very busy" in refused["message"]
        assert time.monotonic() - started < 20
    finally:
        holder.rollback()
        holder.close()
        for plug in plugs:
            plug.join()
    # Once connections are free again everything goes through, and nothing was half-made.
    assert stuck == [200] * 4
    assert "Traceback" not in lb.log(), lb.log()[-3000:]
    assert writer.call("note:create", {"board_id": board, "text": "Nå", "cid": cid()},
                       timeout=10)["ok"]
    arrived = connect(links.base_url, {"role": "participant", "code": links.join_code}, late)
    lead = facilitator(links)
    try:
        arrived.wait_for("snapshot")
        assert lead.wait_for("snapshot")["presence"] == 2
    finally:
        close_all([arrived, writer, lead])


def test_a_rolling_restart_under_traffic_loses_no_acknowledged_write_and_fails_no_join(
        cluster):
    lb = cluster(2, VERKSTED_LIMIT_NOTES_PER_MINUTE="100000",
                 VERKSTED_LIMIT_REQUESTS_PER_SECOND="1000")
    links = create_workshop(lb.url)
    lead = facilitator(links)
    screens = [projector(links) for _ in range(2)]
    writers = [phone(links) for _ in range(4)]
    assert all(n > 0 for n in lb.sessions_per_worker().values()), lb.sessions_per_worker()
    board = lead.wait_for("snapshot")["boards"][0]["id"]
    before = {port: lb.worker_pid(port) for port in lb.worker_ports}
    acknowledged: set[str] = set()
    lock = threading.Lock()
    restarted = threading.Event()
    unsent: list = []
    joined: list = []
    failed_joins: list = []

    def write(client, k):
        texts = itertools.takewhile(lambda _: not restarted.is_set(),
                                    (f"Under {k}.{i}" for i in itertools.count()))
        unsent.extend(send_until_acknowledged(client, board, texts, acknowledged, lock))

    def join_meanwhile():
        while not restarted.is_set():
            try:
                http = requests.Session()
                page = http.get(links.join_url, timeout=30)
                assert page.ok, (page.status_code, page.headers, page.text[:300])
                client = connect(links.base_url, {"role": "participant",
                                                  "code": links.join_code}, http)
                client.wait_for("snapshot", timeout=30)
                joined.append(client)
            except Exception as error:  # noqa: BLE001 - every failed join is shown
                failed_joins.append(repr(error))
            time.sleep(0.2)

    def new_pids() -> bool:
        try:
            now = {port: lb.worker_pid(port) for port in lb.worker_ports}
        except requests.RequestException:
            return False
        return all(now[port] != before[port] for port in now)

    threads = [threading.Thread(target=write, args=(c, k)) for k, c in enumerate(writers)]
    threads.append(threading.Thread(target=join_meanwhile))
    clients = [lead, *screens, *writers]
    try:
        for thread in threads:
            thread.start()
        while len(acknowledged) < 8:  # traffic is flowing before the restart begins
            time.sleep(0.05)
        lb.process.send_signal(signal.SIGHUP)  # app/cluster.py: a rolling restart
        deadline = time.monotonic() + 120
        while not (new_pids() and all(state == "UP" for state in lb.server_states().values())):
            assert time.monotonic() < deadline, f"the rolling restart did not end:\n{lb.log()}"
            time.sleep(0.2)
        restarted.set()
        for thread in threads:
            thread.join()
        clients += joined
        assert not failed_joins, failed_joins[:3]
        assert joined, "no phone joined during the restart"
        assert not unsent, f"{len(unsent)} notes could not be delivered"
        assert acknowledged <= stored_cids(cluster.postgres_url, board)
        truth = database_notes(cluster.postgres_url, [board])
        assert len(truth[board]) == len(acknowledged)
        for client in clients:
            settle(client, lambda: truth)
            # Only the clients of the worker going down are told to reconnect, and each
            # such notice is followed by a reconnect (a fresh snapshot) — the last one may
            # still be on its way when the screen already equals the database.
            with client._cond:  # an RLock: events() may take it again
                assert client._cond.wait_for(
                    lambda: len(client.events("snapshot")) >= 1 + len(
                        client.events("server:restarting")), 30), \
                    [e for e, _ in client.received]
    finally:
        restarted.set()
        for thread in threads:
            if thread.is_alive():
                thread.join(timeout=30)
        close_all(clients)


def status_from(source: str, port: int, path: str, headers: dict | None = None) -> int:
    """GET through HAProxy from a chosen loopback address (127.0.0.0/8 is all ours)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20, source_address=(source, 0))
    try:
        conn.request("GET", path, headers=headers or {})
        return conn.getresponse().status
    finally:
        conn.close()


def test_a_client_sent_forwarded_for_neither_bypasses_the_guess_limit_nor_frames_anyone(
        cluster):
    # The per-address bucket for wrong codes (generous in production: a venue shares one
    # address) set to 20 here, so 25 guesses show which address is counted.
    lb = cluster(2, VERKSTED_LIMIT_JOIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE="20")
    create_workshop(lb.url)
    # A guesser who makes up a new X-Forwarded-For for every wrong code is still
    # counted by the address HAProxy sees: the limit (20 a minute) holds.
    statuses = [status_from("127.0.0.1", lb.port, f"/j/ZZZ{i:03d}",
                            {"X-Forwarded-For": f"203.0.113.{i}"}) for i in range(25)]
    assert statuses[:20] == [404] * 20 and statuses[20:] == [429] * 5, statuses
    # Naming someone else's address does not lock them out either.
    for i in range(25):
        status_from("127.0.0.3", lb.port, f"/j/YYY{i:03d}", {"X-Forwarded-For": "127.0.0.2"})
    assert status_from("127.0.0.2", lb.port, "/j/XXX000") == 404
    # A worker's own port, reached by anyone but HAProxy, does not believe the header.
    direct = [status_from("127.0.0.4", lb.worker_ports[0], f"/j/WWW{i:03d}",
                          {"X-Forwarded-For": f"198.51.100.{i}"}) for i in range(21)]
    assert direct[-1] == 429
    assert requests.get(f"{lb.url}/healthz", timeout=5).ok


def test_the_deploy_haproxy_config_is_valid_and_overwrites_forwarded_for():
    import subprocess
    from pathlib import Path
    config = Path(__file__).resolve().parents[2] / "deploy" / "haproxy.cfg"
    text = config.read_text()
    assert "http-request set-header X-Forwarded-For %[src]" in text
    assert "option forwardfor" not in text  # that would append to a client's header
    result = subprocess.run(["haproxy", "-c", "-f", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("variable, url, expected", [
    ("REDIS_URL", "redis://127.0.0.1:{port}/0", "Cannot reach Redis"),
    ("DATABASE_URL", "postgresql://postgres@127.0.0.1:{port}/nothing", "Cannot use the database"),
])
def test_unreachable_service_gives_one_clear_line(tmp_path, variable, url, expected):
    import subprocess
    env = {**os.environ, variable: url.format(port=free_port())}
    result = subprocess.run([sys.executable, "-m", "app", "--port", str(free_port()),
                             "--data-dir", str(tmp_path), "--quiet"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in result.stderr
