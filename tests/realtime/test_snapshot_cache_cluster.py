"""The snapshot cache with several workers (services/snapshots.py, ``SharedWrites``).

Writes are counted in Redis by every worker; a worker keeps and hands out a read
of a workshop only while no write began or was in flight since. Checked with the
documented ``python -m app --workers 2`` on our own Redis and PostgreSQL, each
client talking to one worker's own port, and with the counters themselves.
"""
from __future__ import annotations

import uuid

import redis
import requests

from app.services.snapshots import SharedWrites
from tests.realtime.test_cluster import cluster, links_on  # noqa: F401 - the fixture
from tests.support.cluster import close_all
from tests.support.workshops import create_workshop, facilitator, phone


def ok(ack: dict) -> dict:
    assert ack["ok"], ack
    return ack


def snapshot_stats(port: int) -> dict:
    return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).json()["snapshots"]


def joined_snapshot(links, opened: list) -> dict:
    """A new phone joins and its first snapshot is returned (closed by the test's end)."""
    client = phone(links)
    opened.append(client)
    return client.wait_for("snapshot", timeout=15)


def test_joins_on_one_worker_see_every_write_made_on_the_other(cluster):  # noqa: F811
    running = cluster(2)
    first, second = running.worker_ports
    links = create_workshop(f"http://127.0.0.1:{first}")
    on_first, on_second = links_on(links, first), links_on(links, second)
    lead, writer = facilitator(on_first), phone(on_first)
    opened = [lead, writer]
    try:
        board = lead.wait_for("snapshot")["boards"][0]["id"]
        texts: list[str] = []
        for round_ in range(4):
            # A group commit (note:create) on the first worker...
            text = f"Lapp {round_} {uuid.uuid4().hex[:6]}"
            ok(writer.call("note:create", {"board_id": board, "text": text,
                                           "cid": uuid.uuid4().hex}))
            texts.append(text)
            # ...is in the very next join on the second, however often it joined before.
            seen = joined_snapshot(on_second, opened)
            assert sorted(n["text"] for n in seen["boards"][0]["notes"]) == sorted(texts)
            assert joined_snapshot(on_second, opened)["boards"][0]["notes"] == seen["boards"][0]["notes"]
        # Board changes and a workshop change, the same way: hidden writing must
        # hide the others' notes from the next phone at once.
        ok(lead.call("board:settings", {"board_id": board, "settings": {"notes_hidden": True}}))
        hidden = joined_snapshot(on_second, opened)["boards"][0]
        assert hidden["settings"]["notes_hidden"] is True and hidden["notes"] == []
        ok(lead.call("board:phase", {"board_id": board, "phase": "group"}))
        assert joined_snapshot(on_second, opened)["boards"][0]["phase"] == "group"
        ok(lead.call("workshop:settings", {"settings": {"allow_names": True}}))
        assert joined_snapshot(on_second, opened)["workshop"]["allow_names"] is True
    finally:
        close_all(opened)


def test_a_join_storm_on_a_worker_shares_reads_between_writes(cluster):  # noqa: F811
    running = cluster(2)
    first, second = running.worker_ports
    links = create_workshop(f"http://127.0.0.1:{first}")
    lead = facilitator(links_on(links, first))
    opened = [lead]
    try:
        board = lead.wait_for("snapshot")["boards"][0]["id"]
        ok(lead.call("note:create", {"board_id": board, "text": "Før stormen",
                                     "cid": uuid.uuid4().hex}))
        before = snapshot_stats(second)
        for _ in range(12):
            notes = joined_snapshot(links_on(links, second), opened)["boards"][0]["notes"]
            assert [n["text"] for n in notes] == ["Før stormen"]
        after = snapshot_stats(second)
        # Twelve joins at one state: one read of the workshop, eleven reused (a read
        # older than SHARED_MAX_AGE is made again, so allow for a slow machine).
        assert after["hits"] - before["hits"] >= 8, (before, after)
        assert after["reads"] - before["reads"] <= 4, (before, after)
    finally:
        close_all(opened)


def test_a_write_in_flight_or_lost_keeps_reads_fresh(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    writes = SharedWrites(client, f"test-{uuid.uuid4().hex}")
    assert writes.quiet(7) == (0, 0)
    writes.begin(7)
    assert writes.quiet(7) is None  # in flight: nothing kept, nothing reused
    writes.end(7)
    assert writes.quiet(7) == (1, 1)
    writes.begin(7)  # a worker that died before ending its write
    writes.begin(7)
    writes.end(7)
    assert writes.quiet(7) is None
    assert writes.quiet(8) == (0, 0)  # other workshops are not affected
    unreachable = SharedWrites(redis.Redis.from_url("redis://127.0.0.1:1",
                                                    socket_connect_timeout=0.5), "x")
    unreachable.begin(7)  # logged, not raised: the write itself goes on
    assert unreachable.quiet(7) is None
