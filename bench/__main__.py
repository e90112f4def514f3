"""``python -m bench <scenario> --phones N ...``: run a scenario, print one table,
append the results to ``bench/results/<scenario>.jsonl``.

Every repeat starts fresh servers. Unless ``--no-bare``, the bare Flask-SocketIO relay
(bench/bare_server.py) on the same async mode runs the same scenario with the same
generator in the same invocation, interleaved with Verksted, and the table shows
Verksted's median as a ratio of the bare stack's median.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

from .scenarios import SCENARIOS, median
from .stack import Stack

RESULTS = Path(__file__).resolve().parent / "results"

DEFAULTS = {  # scenario -> option defaults that differ
    "join": {"window": 10.0},
    "live": {"rate": 20.0, "duration": 30.0},
    "hidden": {"rate": 60.0, "duration": 30.0},
    "vote": {"window": 5.0},
    "reconnect": {"window": 1.0},
    "bigboard": {},
}

# What each table shows: (metric, heading, format); ratio columns are marked with *.
COLUMNS = {
    "join": [("ok", "ok", "d"), ("failed", "failed", "d"), ("http_p50", "page p50", ".0f"),
             ("http_p99", "page p99", ".0f"), ("join_p50", "snapshot p50", ".0f"),
             ("join_p99", "snapshot p99*", ".0f"), ("join_max", "max", ".0f"),
             ("storm_s", "storm s*", ".1f"), ("kb_per_phone", "KB/phone*", ".0f"),
             ("server_cpu_s", "server CPU s*", ".1f"), ("client_us_per_frame", "client µs/msg", ".0f")],
    "live": [("notes_acked", "notes", "d"), ("lost", "lost", "d"), ("ack_p50", "ack p50", ".0f"),
             ("ack_p99", "ack p99*", ".0f"), ("screen_p50", "screen p50", ".0f"),
             ("screen_p99", "screen p99*", ".0f"), ("screen_max", "screen max", ".0f"),
             ("projector_p99", "projector p99", ".0f"), ("delivered_per_s", "delivered/s*", ".0f"),
             ("server_cpu_pct", "server CPU %*", ".0f"), ("client_us_per_frame", "client µs/msg", ".0f")],
    "hidden": [("notes_acked", "notes", "d"), ("lost", "lost", "d"), ("leaks", "leaks", "d"),
               ("ack_p50", "ack p50", ".0f"), ("ack_p99", "ack p99*", ".0f"),
               ("own_p99", "own screen p99", ".0f"), ("projector_p99", "projector p99*", ".0f"),
               ("facilitator_p99", "facilitator p99", ".0f"),
               ("server_cpu_pct", "server CPU %*", ".0f"), ("client_us_per_frame", "client µs/msg", ".0f")],
    "vote": [("dots_acked", "dots", "d"), ("refused_budget", "refused (6th)", "d"),
             ("violations", "violations", "d"), ("acked_not_stored", "acked∉db", "d"),
             ("dropped", "dropped", "d"),
             ("ack_p50", "ack p50", ".0f"), ("ack_p99", "ack p99*", ".0f"), ("ack_max", "max", ".0f"),
             ("burst_s", "burst s", ".1f"), ("server_cpu_s", "server CPU s*", ".1f"),
             ("client_us_per_frame", "client µs/msg", ".0f")],
    "reconnect": [("ok", "ok", "d"), ("failed", "failed", "d"), ("dropped", "dropped", "d"),
                  ("resynced", "resynced", "d"),
                  ("resync_p50", "snapshot p50", ".0f"), ("resync_p99", "snapshot p99*", ".0f"),
                  ("resync_max", "max", ".0f"), ("storm_s", "storm s*", ".1f"),
                  ("server_cpu_s", "server CPU s*", ".1f"), ("client_us_per_frame", "client µs/msg", ".0f")],
    "bigboard": [("notes", "notes", "d"), ("phone_snapshot_kb", "phone KB", ".0f"),
                 ("phone_snapshot_deflate_kb", "deflated KB", ".0f"),
                 ("facilitator_snapshot_kb", "facil. KB", ".0f"),
                 ("facilitator_snapshot_deflate_kb", "deflated KB", ".0f"),
                 ("phone_snapshot_p50", "phone snapshot ms", ".0f"),
                 ("facilitator_get_p50", "snapshot:get ms", ".0f"),
                 ("render_write_ms", "render write ms", ".0f"),
                 ("render_group_ms", "render group ms", ".0f"),
                 ("render_group_load_ms", "load→groups ms", ".0f")],
}


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--phones", type=int, default=100)
    parser.add_argument("--rate", type=float, help="notes per second, all phones together")
    parser.add_argument("--duration", type=float, help="seconds of posting")
    parser.add_argument("--window", type=float, help="seconds over which the storm/burst is spread")
    parser.add_argument("--ramp", type=float, default=150.0,
                        help="phones joining per second before a brainstorm/vote/reconnect run")
    parser.add_argument("--ramp-window", type=float, default=None)
    parser.add_argument("--cluster", action="store_true",
                        help="PostgreSQL + Redis + --workers processes (default: SQLite, 1 process)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--async-mode", default="eventlet",
                        help="eventlet, gevent, or both (comma-separated)")
    parser.add_argument("--procs", type=int, default=2, help="generator processes")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-bare", action="store_true", help="skip the bare-stack reference")
    parser.add_argument("--bare-only", action="store_true")
    parser.add_argument("--no-compression", action="store_true",
                        help="do not offer permessage-deflate (browsers do offer it)")
    parser.add_argument("--drain", type=float, default=3.0)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--items", type=int, default=20, help="vote: notes to vote on")
    parser.add_argument("--missed", type=int, default=5,
                        help="reconnect: notes posted while the phones are away")
    parser.add_argument("--kill-worker", action="store_true",
                        help="reconnect: SIGKILL a worker behind HAProxy instead of cutting "
                             "every phone's connection (needs --cluster --workers 2+)")
    parser.add_argument("--notes", type=int, default=1000, help="bigboard: notes")
    parser.add_argument("--groups", type=int, default=100, help="bigboard: groups")
    parser.add_argument("--samples", type=int, default=10, help="bigboard: snapshot samples")
    parser.add_argument("--render-samples", type=int, default=3)
    parser.add_argument("--no-chromium", dest="chromium", action="store_false")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--app-root", default=None, metavar="DIR",
                        help="run Verksted from another checkout (before/after comparisons)")
    parser.add_argument("--profile", default=None, metavar="DIR",
                        help="record the servers with py-spy (collapsed stacks) into DIR")
    parser.add_argument("--results", default=None, help="JSONL file (default bench/results/<scenario>.jsonl)")
    parser.add_argument("--tag", default="", help="free text stored with the results")
    opts = parser.parse_args(argv)
    for key, value in DEFAULTS[opts.scenario].items():
        if getattr(opts, key) is None:
            setattr(opts, key, value)
    for key, value in {"rate": 20.0, "duration": 30.0, "window": 5.0}.items():
        if getattr(opts, key) is None:
            setattr(opts, key, value)
    return opts


def machine() -> dict:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    except OSError:
        memory = None
    return {"nproc": os.cpu_count(), "cpu": model, "memory_mb": memory,
            "python": platform.python_version(), "kernel": platform.release()}


def run_once(scenario: str, target: str, mode: str, opts) -> dict:
    stack = Stack(target, mode, cluster=opts.cluster, workers=opts.workers,
                  app_root=opts.app_root)
    stack.hidden = scenario == "hidden"
    load = os.getloadavg()
    started = time.time()
    with stack:
        try:
            metrics = asyncio.run(SCENARIOS[scenario](stack, opts))
        except Exception:
            print(stack.logs()[-2000:], file=sys.stderr)
            raise
    return {"time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "scenario": scenario, "target": target, "async_mode": mode,
            "stack": stack.label, "cluster": opts.cluster, "workers": stack.workers,
            "phones": opts.phones, "procs": opts.procs, "tag": opts.tag,
            "options": {k: getattr(opts, k) for k in ("rate", "duration", "window", "ramp",
                                                      "no_compression", "seed", "kill_worker")},
            "loadavg_before": load, "app_root": opts.app_root, "git": git_state(opts.app_root), "wall_s": time.time() - started, "machine": machine(),
            "metrics": metrics}


def git_state(app_root: str | None = None) -> dict:
    """Which code was measured: the commit, and how many files differ from it."""
    import subprocess
    if app_root and (Path(app_root) / "SNAPSHOT.json").exists():
        return json.loads((Path(app_root) / "SNAPSHOT.json").read_text())
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--short", "app"],
                               capture_output=True, text=True, timeout=10).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return {}
    return {"head": head, "app_files_changed": len(dirty)}


def fmt(value, spec: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if spec == "d":
        return str(int(value))
    return format(value, spec)


def table(scenario: str, rows: list[tuple[str, dict]], ratios: list[tuple[str, dict]]) -> str:
    columns = COLUMNS[scenario]
    head = ["run"] + [h for _, h, _ in columns] + ["correct"]
    body = [[label] + [fmt(m.get(k), f) for k, _, f in columns] + [fmt(m.get("correct"), "")]
            for label, m in rows]
    for label, r in ratios:
        body.append([label] + [fmt(r.get(k), ".2f") if h.endswith("*") else ""
                               for k, h, _ in columns] + [""])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in body]
    return "\n".join(out)


def med(results: list[dict]) -> dict:
    """Median of every numeric metric over repeats; ``correct`` only if all were."""
    merged = {}
    keys = {k for r in results for k in r}
    for key in keys:
        values = [r.get(key) for r in results]
        numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if key == "correct":
            merged[key] = all(bool(v) for v in values)
        elif numbers and len(numbers) == len([v for v in values if v is not None]):
            merged[key] = median(numbers)
        else:
            merged[key] = values[-1]
    return merged


def main(argv=None) -> None:
    opts = parse(argv)
    modes = [m.strip() for m in opts.async_mode.split(",")]
    targets = ["bare"] if opts.bare_only else (["verksted"] if opts.no_bare or
                                               opts.scenario == "bigboard" else ["verksted", "bare"])
    path = Path(opts.results) if opts.results else RESULTS / f"{opts.scenario}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    collected: dict[tuple[str, str], list[dict]] = {}
    for repeat in range(opts.repeat):
        for mode in modes:
            for target in targets:
                record = run_once(opts.scenario, target, mode, opts)
                record["repeat"] = repeat
                with path.open("a") as out:
                    out.write(json.dumps(record, default=str) + "\n")
                collected.setdefault((target, mode), []).append(record["metrics"])
                m = record["metrics"]
                print(f"  [{repeat + 1}/{opts.repeat}] {record['stack']}: load "
                      f"{record['loadavg_before'][0]:.2f}, correct={m.get('correct')}",
                      file=sys.stderr, flush=True)
    rows, ratios = [], []
    kind = f"pg+redis×{opts.workers}" if opts.cluster else "sqlite×1"
    for mode in modes:
        for target in targets:
            label = f"{target} {mode} {kind if target == 'verksted' else ('×' + str(opts.workers) if opts.cluster else '×1')}"
            rows.append((label + f" (median of {len(collected[(target, mode)])})",
                         med(collected[(target, mode)])))
        if len(targets) == 2:
            v, b = med(collected[("verksted", mode)]), med(collected[("bare", mode)])
            ratios.append((f"verksted/bare {mode}",
                           {k: (v[k] / b[k]) if isinstance(v.get(k), (int, float)) and
                            isinstance(b.get(k), (int, float)) and b[k] else None for k in v}))
    print(f"\n{opts.scenario}: {opts.phones} phones, "
          + {"live": f"{opts.rate:g} notes/s for {opts.duration:g} s, ",
             "hidden": f"{opts.rate:g} notes/s for {opts.duration:g} s, ",
             "join": f"within {opts.window:g} s, ", "vote": f"within {opts.window:g} s, ",
             "reconnect": ("one worker SIGKILLed, its phones reconnecting through HAProxy, "
                           if opts.kill_worker else
                           f"reconnecting within {opts.window:g} s, ")}.get(opts.scenario, "")
          + f"{kind}, {opts.procs} generator processes; times in ms")
    print(table(opts.scenario, rows, ratios))
    print(f"(results appended to {path})")


if __name__ == "__main__":
    main()
