"""Full garbage collections paced to the event loop (app/gc_pacing.py), on a real server.

A full collection stops the one event loop for as long as it walks the heap
(0.25–0.75 s measured in a 300-phone vote burst, docs/performance.md): the
server takes them over from CPython and runs them while no request arrives.
"""
from __future__ import annotations

import threading
import time

import pytest
import requests

from tests.support.workshops import create_workshop, facilitator, phone


# The stream below is one test client's back-to-back requests, not a flood.
UNLIMITED = {"VERKSTED_LIMIT_REQUESTS_PER_SECOND": "100000"}


def health(server) -> dict:
    return requests.get(f"{server.url}/healthz", timeout=5).json()["gc"]


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)


def stream(clients, requests_each: int) -> None:
    """Every client asks for its snapshot, back to back (each answer is fresh garbage)."""
    def send(client):
        for _ in range(requests_each):
            answer = client.call("snapshot:get", {}, timeout=30)
            assert answer["ok"], answer
    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive()


@pytest.mark.parametrize("async_mode", ["gevent", "eventlet"])
def test_full_collections_wait_for_a_quiet_moment(server_factory, async_mode):
    server = server_factory(async_mode=async_mode, env={**UNLIMITED, "VERKSTED_GC_GAP": "0.5",
                                                                "VERKSTED_GC_THAW": "0"})
    links = create_workshop(server.url)
    lead = facilitator(links)
    phones = [phone(links) for _ in range(3)]
    before = health(server)
    assert before["paced"] and before["frozen"] > 10_000  # start-up's objects, frozen
    try:
        wait_until(lambda: health(server)["quiet"] > before["quiet"])  # the joins' garbage
        settled = health(server)
        stream([lead, *phones], 40)  # requests without a pause: no full collection
        during = health(server)
        assert during["quiet"] == settled["quiet"], (settled, during)
        assert during["automatic"] == 0 and during["overdue"] == 0, (settled, during)
        # Quiet now: the collection follows, of everything (thawed, frozen again).
        wait_until(lambda: health(server)["quiet"] > during["quiet"])
        after = health(server)
        assert after["thawed"] > during["thawed"]
        assert after["automatic"] == 0 and after["frozen"] > 10_000
    finally:
        for client in (lead, *phones):
            client.close()


def test_a_server_that_is_never_quiet_still_collects(server_factory):
    server = server_factory(async_mode="gevent", env={**UNLIMITED, "VERKSTED_GC_LONGEST": "0.5",
                                                      "VERKSTED_GC_GAP": "3600"})
    links = create_workshop(server.url)
    lead = facilitator(links)
    phones = [phone(links) for _ in range(3)]
    try:
        stream([lead, *phones], 60)
        seen = health(server)
        assert seen["overdue"] >= 1  # what survived since the last one, not the frozen
        assert seen["quiet"] == 0 and seen["thawed"] == 0 and seen["automatic"] == 0
    finally:
        for client in (lead, *phones):
            client.close()


def test_pacing_can_be_switched_off(server_factory):
    server = server_factory(async_mode="gevent", env={"VERKSTED_GC_PACING": "off"})
    seen = health(server)
    assert not seen["paced"] and seen["frozen"] == 0
