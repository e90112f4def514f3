"""``python -m bench.model``: measure the capacity model's inputs one at a time, and set
its predictions beside what the cluster runs measured (docs/performance.md, "The model").

    U_worker ≈ (r/N)·c_write + r·(P/N)·c_msg + r·e·c_sub       (each of N workers)
    U_redis  ≈ r·e·(1 + N)·c_redis    U_postgres ≈ r·c_pg    U_haproxy ≈ r·P·c_lb

Two workers behind HAProxy on PostgreSQL + Redis (``python -m app --workers 2``). Every
figure is the CPU one process used (/proc), Redis' own ``INFO cpu``, and the CPU of
PostgreSQL's backends for the bench database, less what each used while idle:

  idle     a few seconds of nothing: each process's baseline per second
  writes   W notes from writer phones on worker A (its own port), nobody on worker B:
           B only reads the emits from Redis (c_sub_empty = B / emits); c_redis = Redis CPU /
           (publishes × (1 + subscribers)); c_pg = PostgreSQL backends' CPU / W
  few      the same writes with L/10 projectors on worker B, reached through HAProxy (its
  many     cookie pins them to B), then with L: B = emits·c_sub + deliveries·c_msg at two
           points gives c_msg and c_sub (an emit whose room has listeners on B); c_lb =
           HAProxy / deliveries; c_write = (A₁ − emits·c_sub − deliveries on A·c_msg) / W

``--compare FILE.jsonl`` predicts the server CPU of every cluster ``live`` run in the file
from its counts (notes, deliveries, workers) and prints it beside the measured one.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import requests

from .eio import now
from .scenarios import Room
from .screens import Recorder, Screen, note_text
from .stack import Stack, _children, _proc_stat

RESULTS = Path(__file__).resolve().parent / "results"
CORE_SHARE = 0.7  # keep each worker below this much of one core


class Cpu:
    """One reading of a process's CPU time.

    The scheduler's own account (/proc/<pid>/task/*/schedstat, nanoseconds) is precise
    but forgets threads that ended; /proc/<pid>/stat keeps them but counts 10 ms ticks.
    A difference takes the precise sum (threads seen both times, plus threads new since)
    unless the ticks say more than two ticks went to threads that ended meanwhile."""

    def __init__(self, pid: int) -> None:
        self.ticks = _proc_stat(pid)[0]
        self.tasks: dict[str, int] = {}
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                self.tasks[task.name] = int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            self.tasks = {}

    def __sub__(self, before: "Cpu") -> float:
        coarse = self.ticks - before.ticks
        if not self.tasks:
            return coarse
        precise = sum(ns - before.tasks.get(task, 0) for task, ns in self.tasks.items()) / 1e9
        return precise if coarse - precise <= 0.02 else coarse


class Meters:
    """CPU seconds of every process that matters, read together."""

    def __init__(self, stack: Stack) -> None:
        import psycopg2
        import redis
        self.stack = stack
        self.redis = redis.Redis.from_url(stack.redis.url)
        self.pg = psycopg2.connect(stack.pg.url)
        self.pg.autocommit = True
        self.workers = {port: requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                        .json()["worker"] for port in stack.worker_ports}
        others = set(_children(stack.supervisor.pid)) - set(self.workers.values())
        self.haproxy = others.pop()
        self.pg_seen: dict[int, Cpu] = {}

    def _pg_cpu(self) -> dict:
        cursor = self.pg.cursor()
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid()")
        for (pid,) in cursor.fetchall():
            if Path(f"/proc/{pid}").exists():
                self.pg_seen[pid] = Cpu(pid)
        return dict(self.pg_seen)

    def read(self) -> dict:
        info = self.redis.info("cpu")
        publishes = self.redis.info("commandstats").get("cmdstat_publish", {}).get("calls", 0)
        out = {f"w{port}": Cpu(pid) for port, pid in self.workers.items()}
        out.update({"haproxy": Cpu(self.haproxy),
                    "redis": info["used_cpu_sys"] + info["used_cpu_user"],
                    "postgres": self._pg_cpu(), "publishes": publishes, "t": time.monotonic()})
        return out

    @staticmethod
    def delta(before: dict, after: dict) -> dict:
        """CPU seconds between two readings (PostgreSQL: every backend seen in both)."""
        out = {k: after[k] - before[k] for k in before if k != "postgres"}
        out["postgres"] = sum(cpu - before["postgres"][pid] if pid in before["postgres"]
                              else cpu.ticks for pid, cpu in after["postgres"].items())
        return out


def less_idle(used: dict, idle: dict) -> dict:
    """CPU of a phase less what each process spends idle in as long."""
    seconds = used["t"]
    return {k: (v - idle[k] / idle["t"] * seconds if k not in ("t", "publishes") else v)
            for k, v in used.items()}


async def write_notes(writers: list[Screen], board: int, count: int, rate: float,
                      seed: int) -> int:
    """``count`` notes at ``rate`` per second, round robin over the writers; the acked."""
    import random
    rng = random.Random(seed)
    tasks = []
    start = now()
    for k in range(count):
        delay = start + k / rate - now()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(writers[k % len(writers)].post_note(board, note_text(rng), 60))
    answers = await asyncio.gather(*tasks)
    return sum(1 for a in answers if a and a.get("ok"))


async def settle_deliveries(recorder: Recorder, expected: int, timeout: float = 30) -> None:
    deadline = now() + timeout
    while sum(recorder.receipts.values()) < expected and now() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)


async def measure(opts) -> dict:
    """The three phases on a fresh two-worker stack; the model's parameters."""
    stack = Stack("verksted", opts.async_mode, cluster=True, workers=2)
    with stack:
        room = Room(stack, compression=True)
        room.create()
        port_a, port_b = stack.worker_ports
        on_a, on_b = Recorder(), Recorder()
        writers = [Screen(k, "participant", "127.0.0.1", port_a, on_a, room.phone_auth,
                          room.join_path) for k in range(opts.writers)]
        for writer in writers:
            await writer.join()
        board = writers[0].snapshot["boards"][0]["id"]
        meters = Meters(stack)
        await asyncio.sleep(1.0)
        start = meters.read()
        await asyncio.sleep(opts.idle)
        idle = Meters.delta(start, meters.read())

        async def phase(listeners: int) -> tuple[dict, int]:
            on_a.reset()
            on_b.reset()
            before = meters.read()
            acked = await write_notes(writers, board, opts.notes, opts.rate, opts.seed)
            await settle_deliveries(on_b, acked * listeners)
            await settle_deliveries(on_a, acked * len(writers))
            return less_idle(Meters.delta(before, meters.read()), idle), acked

        # Unmeasured: the first notes of a board pay for first-time work (imports, caches).
        await write_notes(writers, board, max(20, opts.notes // 5), opts.rate, opts.seed + 1)
        await settle_deliveries(on_a, 0)
        first, w1 = await phase(0)

        async def listen(count: int) -> None:
            added = []
            for k in range(count):
                screen = Screen(1000 + len(listeners) + k, "projector", "127.0.0.1",
                                stack.ports[0], on_b,
                                {"role": "projector", "secret": room.projector_secret})
                screen.cookie = f"verksted_worker=w{port_b}"  # HAProxy's stickiness: B
                added.append(screen)
            await asyncio.gather(*(s.connect() for s in added))
            listeners.extend(added)
            await asyncio.sleep(1.0)

        listeners: list[Screen] = []
        few = max(1, opts.listeners // 10)
        await listen(few)
        second, _ = await phase(len(listeners))
        few_b = sum(on_b.receipts.values())
        await listen(opts.listeners - few)
        third, w3 = await phase(len(listeners))
        many_b = sum(on_b.receipts.values())
        for screen in [*writers, *listeners]:
            await screen.socket.close()
    a, b = f"w{port_a}", f"w{port_b}"
    # Worker B, per emit and per delivery: two listener counts, the same writes.
    c_msg = (third[b] - second[b]) / (many_b - few_b)
    c_sub = (second[b] - few_b * c_msg) / second["publishes"]
    c_sub_empty = first[b] / first["publishes"]  # an emit whose rooms are empty on B
    emits = first["publishes"]
    c_write = (first[a] - emits * c_sub - w1 * len(writers) * c_msg) / w1
    return {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "notes": w1, "notes_3": w3,
        "writers": len(writers), "listeners": [few, len(listeners)], "rate": opts.rate,
        "emits_per_write": emits / w1, "deliveries_b": [few_b, many_b],
        "c_write_us": c_write * 1e6, "c_msg_us": c_msg * 1e6, "c_sub_us": c_sub * 1e6,
        "c_sub_empty_us": c_sub_empty * 1e6,
        "c_redis_us": first["redis"] / (emits * (1 + 2)) * 1e6,
        "c_pg_us": first["postgres"] / w1 * 1e6,
        "c_lb_us": (third["haproxy"] - first["haproxy"]) / many_b * 1e6,
        # What each process spends per second doing nothing (health checks, timers).
        "idle_worker_per_s": (idle[a] + idle[b]) / 2 / idle["t"],
        "idle_haproxy_per_s": idle["haproxy"] / idle["t"],
        "idle_redis_per_s": idle["redis"] / idle["t"],
        "phases": {"idle": idle, "writes": first, "few": second, "many": third},
        "loadavg": list(__import__("os").getloadavg()),
    }


def predict(p: dict, workers: int, notes: float, deliveries: float,
            seconds: float = 0.0) -> dict:
    """CPU seconds the model predicts for a run with these counts, lasting ``seconds``."""
    p = {k: max(0.0, v) if isinstance(v, float) else v for k, v in p.items()}
    emits = notes * p["emits_per_write"]
    us = 1e-6
    parts = {"workers": notes * p["c_write_us"] * us + deliveries * p["c_msg_us"] * us
             + workers * emits * p["c_sub_us"] * us,
             "redis": emits * (1 + workers) * p["c_redis_us"] * us,
             "haproxy": deliveries * p["c_lb_us"] * us if workers > 1 else 0.0,
             "postgres": notes * p["c_pg_us"] * us}
    parts["idle"] = seconds * (workers * p.get("idle_worker_per_s", 0)
                               + p.get("idle_redis_per_s", 0)
                               + (p.get("idle_haproxy_per_s", 0) if workers > 1 else 0))
    parts["server"] = parts["workers"] + parts["redis"] + parts["haproxy"] + parts["idle"]
    return parts


def max_rate(p: dict, workers: int, phones: int) -> float:
    """Notes per second one room of ``phones`` can take with each worker ≤ CORE_SHARE."""
    p = {k: max(0.0, v) if isinstance(v, float) else v for k, v in p.items()}
    per_note = (p["c_write_us"] / workers + (phones + 2) * p["c_msg_us"] / workers
                + p["emits_per_write"] * p["c_sub_us"]) * 1e-6
    return CORE_SHARE / per_note


def compare(p: dict, path: Path) -> None:
    """Every cluster ``live`` run in ``path``: measured server CPU beside the prediction."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r.get("cluster") and r.get("scenario") == "live"
            and r.get("target") == "verksted"]
    print("\n| run | workers | notes | deliveries | model predicts (workers + Redis + HAProxy)"
          " | measured | measured / model | PostgreSQL (model) | correct |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        m = r["metrics"]
        measured = m.get("server_cpu_s")
        seconds = 100 * measured / m["server_cpu_pct"] if m.get("server_cpu_pct") else 0.0
        guess = predict(p, r["workers"], m.get("notes_acked", 0), m.get("deliveries", 0),
                        seconds)
        ratio = measured / guess["server"] if measured and guess["server"] else None
        print(f"| {r['time']} {r.get('tag', '')} | {r['workers']} | {m.get('notes_acked')} | "
              f"{m.get('deliveries')} | {guess['server']:.1f} s | "
              f"{measured:.1f} s | {ratio:.2f} | {guess['postgres']:.1f} s | "
              f"{'yes' if m.get('correct') else 'NO'} |" if measured is not None else
              f"| {r['time']} | {r['workers']} | – | – | – | – | – | – | – |")


def report(p: dict) -> None:
    print("\n| parameter | measured |")
    print("|---|---|")
    for key, label in (("c_write_us", "c_write: worker CPU per acknowledged write"),
                       ("c_msg_us", "c_msg: worker CPU per delivered message"),
                       ("c_sub_us", "c_sub: worker CPU per emit read from Redis"),
                       ("c_sub_empty_us", "  the same, for an emit with no recipient there"),
                       ("emits_per_write", "e: emits (Redis publishes) per write"),
                       ("c_redis_us", "c_redis: Redis CPU per published or delivered message"),
                       ("c_pg_us", "c_pg: PostgreSQL backend CPU per write"),
                       ("c_lb_us", "c_lb: HAProxy CPU per delivered frame")):
        unit = "" if key == "emits_per_write" else " µs"
        shown = f"{p[key]:.1f}{unit}" if p[key] >= 0 else "≈ 0 (below the idle noise)"
        print(f"| {label} | {shown} |")
    print("\nOne room of 1,000 phones: notes per second at ≤ 70 % of a core per worker "
          "(model): " + ", ".join(f"{n} worker{'s' * (n > 1)}: {max_rate(p, n, 1000):.0f}"
                                  for n in (1, 2, 4, 8)))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.model", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=400, help="notes per phase")
    parser.add_argument("--rate", type=float, default=20.0, help="notes per second")
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--listeners", type=int, default=100)
    parser.add_argument("--idle", type=float, default=5.0, help="seconds of baseline")
    parser.add_argument("--async-mode", default="gevent")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--results", default=str(RESULTS / "model.json"))
    parser.add_argument("--use", metavar="JSON", help="skip measuring: read the parameters")
    parser.add_argument("--compare", metavar="JSONL", help="cluster live runs to predict")
    opts = parser.parse_args(argv)
    from .fleet import raise_fd_limit
    raise_fd_limit()
    if opts.use:
        params = json.loads(Path(opts.use).read_text())
    else:
        params = asyncio.run(measure(opts))
        Path(opts.results).parent.mkdir(parents=True, exist_ok=True)
        Path(opts.results).write_text(json.dumps(params, indent=1) + "\n")
        print(f"(parameters written to {opts.results})", file=sys.stderr)
    report(params)
    if opts.compare and Path(opts.compare).exists():
        compare(params, Path(opts.compare))


if __name__ == "__main__":
    main()
