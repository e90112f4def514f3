"""The load generator's scenarios, once each at a small size, against real servers.

Correctness only, never speed (the machine may be busy): nothing lost, vote budgets
hold, every acknowledged note and dot is stored, a reconnect storm resyncs every phone.
The figures themselves come from ``python -m bench`` (docs/performance.md).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import missing
from tests.support.services import pg_available, redis_available

pytest.importorskip("websockets", reason="bench/requirements.txt not installed")

from bench.__main__ import parse, run_once  # noqa: E402
from bench.scenarios import CHROMIUM  # noqa: E402

SMALL = ["--phones", "50", "--procs", "1", "--ramp", "200", "--no-bare", "--drain", "1.5",
         "--timeout", "30"]


def run(tmp_path, *args: str) -> dict:
    opts = parse([*args, *SMALL, "--results", str(tmp_path / "results.jsonl")])
    record = run_once(opts.scenario, "verksted", "eventlet", opts)
    return record["metrics"]


def test_join_storm_admits_every_phone(tmp_path):
    m = run(tmp_path, "join", "--window", "2")
    assert m["ok"] == 50 and m["failed"] == 0, m["failures"]
    assert m["presence_seen"] == 50
    assert m["correct"]


def test_live_brainstorm_loses_nothing_and_stores_every_acknowledged_note(tmp_path):
    m = run(tmp_path, "live", "--rate", "10", "--duration", "3")
    assert m["notes_acked"] == m["notes_sent"] > 0, m["errors"]
    assert m["lost"] == 0 and m["version_gaps"] == 0
    assert m["deliveries"] == m["expected_deliveries"]
    assert m["acked_not_stored"] == 0 and m["stored"] == m["notes_acked"]
    assert m["correct"]


def test_hidden_brainstorm_shows_phones_only_their_own_notes(tmp_path):
    m = run(tmp_path, "hidden", "--rate", "10", "--duration", "3")
    assert m["notes_acked"] == m["notes_sent"] > 0, m["errors"]
    assert m["leaks"] == 0 and m["lost"] == 0
    assert m["own_n"] == m["notes_acked"] and m["facilitator_n"] == m["notes_acked"]
    assert m["projector_final_count"] == m["notes_acked"]  # coalesced, exact at the end
    assert m["acked_not_stored"] == 0
    assert m["correct"]


def test_vote_burst_keeps_every_budget_and_stores_every_acknowledged_dot(tmp_path):
    m = run(tmp_path, "vote", "--window", "2")
    assert m["dots_acked"] == 50 * m["budget"] and m["refused_budget"] == 50, m["errors"]
    assert m["violations"] == 0 and m["acked_not_stored"] == 0 and m["stored_not_acked"] == 0
    assert m["retry_new"] == 0
    assert m["correct"]
    # The regression guard (counts, not timing): every dot went through the group commit,
    # and a burst of 300 requests in 2 s shared commits instead of paying one fsync each.
    assert m["batched_requests"] >= m["dots_acked"] + m["refused_budget"]
    assert m["batches"] < m["batched_requests"], (m["batches"], m["batched_requests"])


def test_vote_burst_on_two_workers_keeps_every_budget(tmp_path):
    if not pg_available():
        missing("PostgreSQL at 127.0.0.1:5432")
    if not redis_available():
        missing("redis-server")
    m = run(tmp_path, "vote", "--window", "2", "--cluster", "--workers", "2")
    assert m["violations"] == 0 and m["acked_not_stored"] == 0 and m["stored_not_acked"] == 0
    assert m["dots_acked"] == 50 * m["budget"], m["errors"]
    assert m["correct"]


def test_a_killed_worker_behind_haproxy_costs_its_phones_no_acknowledged_note(tmp_path):
    if not pg_available():
        missing("PostgreSQL at 127.0.0.1:5432")
    if not redis_available():
        missing("redis-server")
    m = run(tmp_path, "reconnect", "--kill-worker", "--cluster", "--workers", "2")
    assert 0 < m["dropped"] < 50  # HAProxy spread the phones; only the victim's dropped
    assert m["ok"] == m["dropped"] and m["failed"] == 0, m["failures"]
    assert m["resynced"] == 50
    assert m["correct"]


def test_reconnect_storm_resyncs_every_phone(tmp_path):
    m = run(tmp_path, "reconnect", "--window", "0.5")
    assert m["ok"] == 50 and m["failed"] == 0, m["failures"]
    assert m["resynced"] == 50
    assert m["correct"]


def test_big_board_snapshot_and_projector_render(tmp_path):
    chromium = Path(CHROMIUM).exists() and shutil.which("chromium") is not None
    args = ["bigboard", "--notes", "200", "--groups", "20", "--samples", "2",
            "--render-samples", "1"]
    if not chromium:
        args.append("--no-chromium")
    m = run(tmp_path, *args)
    assert m["notes"] == 200 and m["correct"]
    assert m["phone_snapshot_deflate_kb"] < m["phone_snapshot_kb"]
    if chromium:
        assert m["render_write_ms"] is not None and m["render_group_ms"] is not None
    else:
        missing("Chromium at /usr/bin/chromium")
