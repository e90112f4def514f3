"""Markdown tables from bench/results/*.jsonl: medians per configuration, ratios to bare.

    python -m bench.report [FILE.jsonl ...]   (default: every file in bench/results)

Groups records by scenario, target, async mode, stack, phones, options and tag; shows the
median of each metric over the repeats, the bare relay's median from the same
configuration, and Verksted / bare for the metrics marked * in the scenario's columns.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from .__main__ import COLUMNS, fmt, med
from .scenarios import vote_correct

RESULTS = Path(__file__).resolve().parent / "results"


def key(record: dict) -> tuple:
    o = record["options"]
    return (record["scenario"], record["cluster"], record["workers"], record["async_mode"],
            record["phones"], o.get("rate"), o.get("duration"), o.get("window"),
            o.get("no_compression"), record.get("tag") or "")


def load(paths) -> dict:
    groups: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for path in paths:
        for line in Path(path).read_text().splitlines():
            if line.strip():
                record = json.loads(line)
                groups[key(record)][record["target"]].append(record)
    return groups


def describe(k: tuple) -> str:
    scenario, cluster, workers, mode, phones, rate, duration, window, nocomp, tag = k
    stack = f"PostgreSQL + Redis, {workers} workers" if cluster else "SQLite, 1 process"
    what = {"live": f"{rate:g} notes/s for {duration:g} s",
            "hidden": f"{rate:g} notes/s for {duration:g} s",
            "join": f"arriving within {window:g} s", "vote": f"within {window:g} s",
            "reconnect": f"reconnecting within {window:g} s",
            "bigboard": "1,000 notes in 100 groups"}.get(scenario, "")
    extra = (", no WebSocket compression" if nocomp else "") + (f", variant: {tag}" if tag else "")
    phones_text = "" if scenario == "bigboard" else f"{phones} phones "
    return f"**{scenario}** — {phones_text}{what}; {stack}; {mode}{extra}"


def table(k: tuple, by_target: dict) -> str:
    scenario = k[0]
    columns = COLUMNS[scenario]
    head = ["", *[h.rstrip("*") for _, h, _ in columns], "correct", "load before"]
    rows = []
    medians = {}
    for target in ("verksted", "bare"):
        records = by_target.get(target)
        if not records:
            continue
        for r in records:  # vote records written before vote_correct existed
            if scenario == "vote":
                e = r["metrics"].get("errors", {})
                r["metrics"].setdefault("dropped", e.get("vote:closed", 0) + e.get("vote:timeout", 0))
                if target == "verksted":
                    r["metrics"]["correct"] = vote_correct(r["metrics"])
        m = med([r["metrics"] for r in records])
        medians[target] = m
        loads = ", ".join(f"{r['loadavg_before'][0]:.1f}" for r in records)
        rows.append([f"{target} (median of {len(records)})",
                     *[fmt(m.get(c), f) for c, _, f in columns], fmt(m.get("correct"), ""), loads])
    if len(medians) == 2:
        v, b = medians["verksted"], medians["bare"]
        ratio = []
        for c, h, _ in columns:
            if h.endswith("*") and isinstance(v.get(c), (int, float)) and b.get(c):
                ratio.append(f"{v[c] / b[c]:.2f}")
            else:
                ratio.append("")
        rows.append(["Verksted / bare", *ratio, "", ""])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return describe(k) + "\n\n" + "\n".join(lines) + "\n"


def main() -> None:
    args = sys.argv[1:]
    tags = None
    if args and args[0].startswith("--tags="):  # only these tags ("" = untagged)
        tags = set(args.pop(0).split("=", 1)[1].split(","))
    paths = args or sorted(RESULTS.glob("*.jsonl"))
    groups = load(paths)
    if tags is not None:
        groups = {k: v for k, v in groups.items() if k[9] in tags}
    order = ["join", "live", "hidden", "vote", "reconnect", "bigboard"]
    for k in sorted(groups, key=lambda k: (order.index(k[0]) if k[0] in order else 9, k[1],
                                           k[3], k[9], k[4])):
        print(table(k, groups[k]))


if __name__ == "__main__":
    main()
