"""The six scenarios. Each takes a running Stack and options, returns flat metrics.

Times are in milliseconds in the results; the raw samples stay in the processes.
"""
from __future__ import annotations

import asyncio
import random
import re
import time
import zlib
from array import array
from collections import Counter
from html import unescape

import requests

from .eio import now
from .fleet import Fleet, split
from .screens import Recorder, Screen, note_text
from .stack import Stack, machine_ticks

PERCENTILES = (50, 95, 99)


def pct(values, p: float) -> float | None:
    """Nearest-rank percentile, in milliseconds."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[rank] * 1000


def summary(prefix: str, values) -> dict:
    out = {f"{prefix}_n": len(values)}
    for p in PERCENTILES:
        out[f"{prefix}_p{p}"] = pct(values, p)
    out[f"{prefix}_max"] = max(values) * 1000 if len(values) else None
    return out


def over_time(t0: float, sent, latency, step: float = 1.0) -> list:
    """Per ``step`` seconds of send time after ``t0``: ``[start s, n, p50 ms, p99 ms]``
    (where in a burst the tail comes from)."""
    buckets: dict[int, list] = {}
    for at, seconds in zip(sent, latency):
        buckets.setdefault(int((at - t0) // step), []).append(seconds)
    return [[k * step, len(v), pct(v, 50), pct(v, 99)] for k, v in sorted(buckets.items())]


def merge_arrays(chunks) -> array:
    out = array("d")
    for chunk in chunks:
        out.extend(chunk)
    return out


class Room:
    """A workshop (or the bare relay's stand-in) with its projector and facilitator."""

    def __init__(self, stack: Stack, compression: bool) -> None:
        self.stack = stack
        self.compression = compression
        self.rec = Recorder()
        self.host = "127.0.0.1"
        self.board_id = 1
        self.code = "BARE"
        self.facilitator_secret = self.projector_secret = "bare"

    def create(self) -> None:
        if self.stack.target != "verksted":
            return
        base = f"http://127.0.0.1:{self.stack.ports[0]}"
        http = requests.Session()
        page = http.get(f"{base}/").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = http.post(f"{base}/workshops", allow_redirects=False, data={
            "csrf_token": token, "title": "Innbyggermøte", "stakeholder": "Innbyggere",
            "language": "nb", "question": ["Hva bør kommunen gjøre først?", "Hva virker i dag?"]})
        assert response.status_code == 302, response.text[:500]
        location = response.headers["Location"].split("?")[0]
        self.facilitator_secret = location.rstrip("/").rsplit("/", 1)[1]
        page = http.get(base + location).text
        projector_url = unescape(re.search(r'id="projector-url" readonly value="([^"]+)"',
                                           page).group(1))
        join_url = unescape(re.search(r'id="join-link">([^<]+)<', page).group(1))
        self.projector_secret = projector_url.rstrip("/").rsplit("/", 1)[1]
        self.code = join_url.rstrip("/").rsplit("/", 1)[1]

    @property
    def join_path(self) -> str:
        return f"/j/{self.code}"

    @property
    def phone_auth(self) -> dict:
        return {"role": "participant", "code": self.code, "lang": "nb"}

    async def open_screens(self) -> None:
        ports = self.stack.ports
        self.facilitator = Screen(-1, "facilitator", self.host, ports[-1], self.rec,
                                  {"role": "facilitator", "secret": self.facilitator_secret},
                                  compression=self.compression)
        self.projector = Screen(-2, "projector", self.host, ports[0], self.rec,
                                {"role": "projector", "secret": self.projector_secret},
                                compression=self.compression)
        await self.facilitator.join()
        await self.projector.join()
        boards = self.facilitator.snapshot["boards"]
        self.board_id = boards[0]["id"]

    async def call(self, event: str, payload: dict) -> dict:
        result, _ = await self.facilitator.socket.call(event, payload)
        if not result.get("ok"):
            raise RuntimeError(f"{event} refused: {result}")
        return result

    async def call_until_acknowledged(self, event: str, payload: dict,
                                      timeout: float = 60.0) -> dict:
        """A facilitator's request sent again (same payload, same cid) until answered ok,
        reconnecting first if its worker went away, as the facilitator's page does."""
        deadline = now() + timeout
        while True:
            try:
                if self.facilitator.lost:
                    await self.facilitator.reconnect(max(1.0, deadline - now()))
                result, _ = await self.facilitator.socket.call(event, payload, 5.0)
                if result.get("ok"):
                    return result
                if result.get("error", {}).get("code") not in ("server_restarting", "busy"):
                    raise RuntimeError(f"{event} refused: {result}")
            except (ConnectionError, OSError, asyncio.TimeoutError):
                pass
            if now() > deadline:
                raise RuntimeError(f"{event} not acknowledged within {timeout:g} s")
            await asyncio.sleep(0.2)

    async def close(self) -> None:
        for screen in (self.facilitator, self.projector):
            if screen.socket:
                await screen.socket.close()


class Run:
    """One scenario run against one stack: the room, the fleet of phones, the clock."""

    def __init__(self, stack: Stack, opts) -> None:
        self.stack = stack
        self.opts = opts
        self.room = Room(stack, not opts.no_compression)
        self.rng = random.Random(opts.seed)
        self.fleet: Fleet | None = None
        self.n = opts.phones

    async def __aenter__(self) -> "Run":
        self.room.create()
        await self.room.open_screens()
        self.fleet = Fleet(min(self.opts.procs, max(1, self.n)))
        ports = self.stack.ports
        blocks = split(self.n, self.fleet.size)
        await self.fleet.call("setup", [
            {"phones": [(i, "127.0.0.1", ports[i % len(ports)]) for i in block],
             "auth": self.room.phone_auth, "join_path": self.room.join_path,
             "compression": not self.opts.no_compression} for block in blocks])
        self.blocks = blocks
        return self

    async def __aexit__(self, *exc) -> None:
        await self.fleet.close()
        await self.room.close()

    def where(self, phone: int) -> tuple[int, int]:
        """(process, position in the process) of a phone."""
        for number, block in enumerate(self.blocks):
            if phone in block:
                return number, phone - block.start
        raise KeyError(phone)

    async def join_phones(self, window: float, timeout: float = 60.0) -> dict:
        offsets = sorted(self.rng.uniform(0, window) for _ in range(self.n))
        self.rng.shuffle(offsets)
        t0 = now() + 0.5
        answers = await self.fleet.call("join", [
            {"t0": t0, "offsets": [offsets[i] for i in block], "timeout": timeout}
            for block in self.blocks])
        result = {"t0": t0}
        for key in ("http", "socket", "total", "done_at"):
            result[key] = merge_arrays(a[key] for a in answers)
        failures: Counter = Counter()
        for a in answers:
            failures.update(a["failures"])
        result["failures"] = dict(failures)
        result["page_bytes"] = max(a["page_bytes"] for a in answers)
        # "busy, try again" answers the phones followed before they got in (not failures).
        result["busy_retries"] = sum(a.get("busy_retries", 0) for a in answers)
        self.busy_retries = getattr(self, "busy_retries", 0) + result["busy_retries"]
        return result

    async def mark(self) -> None:
        if self.opts.profile:
            self.profilers = self.stack.profile(self.opts.profile)
        await self.fleet.call("mark")
        self.cpu_mark = time.process_time()
        self.frames_mark = self._own_frames()
        self.server_mark = self.stack.usage()
        self.ticks_mark = machine_ticks()

    def _own_frames(self) -> int:
        return sum(sum(s.frame_counts()) for s in (self.room.facilitator, self.room.projector))

    async def collect(self) -> dict:
        if self.opts.profile:
            self.stack.stop_profile(self.profilers)
        answers = await self.fleet.call("collect")
        own = self.room.rec.export()
        self.room.rec.reset()
        answers.append({**own, "usage": {"cpu": time.process_time() - self.cpu_mark,
                                         "frames_in": self._own_frames() - self.frames_mark,
                                         "frames_out": 0},
                        "connected": None, "compression": None})
        server = self.stack.usage()
        busy, total = machine_ticks()
        merged = {"answers": answers,
                  "machine_busy_pct": 100 * (busy - self.ticks_mark[0])
                  / max(1, total - self.ticks_mark[1]),
                  "server_cpu": server["cpu"] - self.server_mark["cpu"],
                  "server_rss": server["rss"]}
        cpu = sum(a["usage"]["cpu"] for a in answers)
        frames = sum(a["usage"]["frames_in"] + a["usage"]["frames_out"] for a in answers)
        merged["client_cpu"] = cpu
        merged["frames"] = frames
        merged["client_us_per_frame"] = cpu / frames * 1e6 if frames else None
        merged["compression"] = next((a["compression"] for a in answers if a["compression"]),
                                     None)
        merged["connected"] = sum(a["connected"] or 0 for a in answers)
        return merged

    def lat(self, merged: dict, key: str) -> array:
        return merge_arrays(a["lat"].get(key, ()) for a in merged["answers"])

    @staticmethod
    def errors(merged: dict) -> dict:
        total: Counter = Counter()
        for a in merged["answers"]:
            total.update(a["errors"])
        return dict(total)

    def common(self, merged: dict, seconds: float) -> dict:
        return {"server_cpu_s": merged["server_cpu"],
                "server_cpu_pct": 100 * merged["server_cpu"] / seconds if seconds else None,
                "client_cpu_s": merged["client_cpu"], "frames": merged["frames"],
                "client_us_per_frame": merged["client_us_per_frame"],
                "ws_compression": merged["compression"] or "none",
                "machine_busy_pct": merged["machine_busy_pct"]}


def poisson_schedule(rng: random.Random, rate: float, seconds: float) -> list[float]:
    times, t = [], 0.0
    while True:
        t += rng.expovariate(rate)
        if t >= seconds:
            return times
        times.append(t)


# ---------------------------------------------------------------------------------------
async def join_storm(stack: Stack, opts) -> dict:
    """N phones arrive within a few seconds: page load, socket, snapshot."""
    async with Run(stack, opts) as run:
        await asyncio.sleep(1.0)
        before = stack.usage()
        await run.mark()
        joined = await run.join_phones(opts.window, timeout=opts.timeout)
        finished = max(joined["done_at"], default=joined["t0"])
        await asyncio.sleep(2.0)  # presence is broadcast at most once a second
        merged = await run.collect()
        after = stack.usage()
        ok = len(joined["total"])
        failed = sum(joined["failures"].values())
        out = {"phones": run.n, "ok": ok, "failed": failed, "failures": joined["failures"],
               **summary("http", joined["http"]), **summary("socket", joined["socket"]),
               **summary("join", joined["total"]),
               "page_bytes": joined["page_bytes"],
               "rss_before_mb": before["rss"] / 2**20, "rss_after_mb": after["rss"] / 2**20,
               "kb_per_phone": (after["rss"] - before["rss"]) / 1024 / ok if ok else None,
               "presence_seen": run.room.projector.presence,
               **run.common(merged, finished - joined["t0"] + 2.0)}
        out["storm_s"] = finished - joined["t0"]
        out["correct"] = failed == 0 and (stack.target != "verksted" or
                                           run.room.projector.presence == ok)
        return out


async def brainstorm(stack: Stack, opts, hidden: bool) -> dict:
    """Phones post notes at ``rate`` per second in total for ``duration`` seconds."""
    async with Run(stack, opts) as run:
        room = run.room
        if hidden:
            await room.call("board:settings", {"board_id": room.board_id,
                                               "settings": {"notes_hidden": True}})
        joined = await run.join_phones(opts.ramp_window or max(2.0, run.n / opts.ramp),
                                       timeout=opts.timeout)
        # Phones that could not join are reported (and make the run incorrect); the
        # others go on, and notes scheduled on a phone without a socket are not sent.
        join_failures = joined["failures"]
        await asyncio.sleep(2.0)
        await run.mark()
        times = poisson_schedule(run.rng, opts.rate, opts.duration)
        per_process: list[list] = [[] for _ in run.blocks]
        for offset in times:
            number, position = run.where(run.rng.randrange(run.n))
            per_process[number].append((offset, position))
        t0 = now() + 1.0
        answers = await run.fleet.call("notes", [
            {"t0": t0, "schedule": sched, "board_id": room.board_id,
             "seed": opts.seed + k, "drain": opts.drain, "timeout": opts.timeout}
            for k, sched in enumerate(per_process)])
        merged = await run.collect()
        acked: dict[str, int] = {}
        sent_at: dict[int, float] = {}
        receipts: Counter = Counter()
        board_counts: list = []
        leaks = 0
        last_arrival = 0.0
        counts: Counter = Counter()
        for a in merged["answers"]:
            acked.update(a["acked"])
            sent_at.update(a["sent_at"])
            receipts.update(a["receipts"])
            board_counts.extend(a["board_counts"])
            leaks += a["leaks"]
            last_arrival = max(last_arrival, a["last_arrival"] or 0)
            counts.update(a["counts"])
        phones_connected = merged["connected"]
        errors = run.errors(merged)
        note_ids = set(acked.values())
        out = {"phones": run.n, "rate": opts.rate, "duration_s": opts.duration,
               "hidden": hidden, "notes_sent": len(times), "notes_acked": len(acked),
               "join_failures": join_failures, "busy_retries": joined.get("busy_retries", 0),
               "errors": errors, "late_by_s": max(a["late_by"] for a in answers),
               "connected_at_end": phones_connected,
               "version_gaps": counts.get("version_gaps", 0),
               **summary("ack", run.lat(merged, "note_ack"))}
        if not hidden:
            expected = phones_connected + 2  # every phone (the author too), projector, facilitator
            got = sum(receipts[i] for i in note_ids)
            lost = sum(max(0, expected - receipts[i]) for i in note_ids)
            screen = merge_arrays([run.lat(merged, "phone_screen"),
                                   run.lat(merged, "projector_screen"),
                                   run.lat(merged, "facilitator_screen")])
            out.update({"deliveries": got, "expected_deliveries": expected * len(note_ids),
                        "lost": lost, **summary("screen", screen),
                        **summary("projector", run.lat(merged, "projector_screen")),
                        "delivered_per_s": sum(receipts.values()) / max(1e-9, last_arrival - t0)})
        else:
            facilitator_missing = sum(1 for i in note_ids if receipts[i] < 1 + 1)
            # the author's own screen and the facilitator get the note; nobody else
            ordered = sorted(note_ids)
            projector = run.lat(merged, "projector_screen")  # the bare relay's, timed exactly
            seen_counts = set(range(1, counts.get("projector_counts", 0) + 1))
            # Verksted: the n-th count the projector sees is the n-th note stored (ids
            # rise in commit order under the board's lock), so it times that note.
            for count, arrived in board_counts:
                if 1 <= count <= len(ordered) and count not in seen_counts:
                    seen_counts.add(count)
                    projector.append(arrived - sent_at[ordered[count - 1]])
            # The projector's count is coalesced (at most twice a second, exact final
            # value): it has missed nothing if the last count it shows is every note.
            final = (max((c for c, _ in board_counts), default=0)
                     if stack.target == "verksted" else len(seen_counts))
            out.update({"leaks": leaks, "lost": facilitator_missing
                        + max(0, len(ordered) - final), "projector_final_count": final,
                        "projector_counts_seen": len(seen_counts),
                        **summary("own", run.lat(merged, "own_screen")),
                        **summary("projector", projector),
                        **summary("facilitator", run.lat(merged, "facilitator_screen")),
                        "delivered_per_s": (sum(receipts.values()) + len(board_counts))
                        / max(1e-9, last_arrival - t0)})
        out.update(run.common(merged, last_arrival - t0))
        if stack.target == "verksted":
            stored = {row[0] for row in stack.query(
                f"SELECT client_id FROM notes WHERE board_id = {room.board_id}")}
            out["acked_not_stored"] = len(set(acked) - stored)
            out["stored"] = len(stored)
        out["correct"] = (out["lost"] == 0 and not out.get("acked_not_stored")
                          and not out.get("leaks") and len(acked) == len(times)
                          and not join_failures)
        return out


async def vote_burst(stack: Stack, opts) -> dict:
    """Every phone places its whole budget (and one dot too many) within ``window`` seconds."""
    budget = 5
    async with Run(stack, opts) as run:
        room = run.room
        items = []
        if stack.target == "verksted":
            for k in range(opts.items):
                result = await room.call("note:create", {
                    "board_id": room.board_id, "text": f"Forslag {k + 1}",
                    "cid": f"setup{k:04d}xx"})
                items.append({"kind": "note", "id": result["note"]["id"]})
            await room.call("board:phase", {"board_id": room.board_id, "phase": "vote"})
            budget = room.facilitator.snapshot["boards"][0]["settings"]["vote_budget"]
        else:
            items = [{"kind": "note", "id": k + 1} for k in range(opts.items)]
        joined = await run.join_phones(opts.ramp_window or max(2.0, run.n / opts.ramp),
                                       timeout=opts.timeout)
        if joined["failures"]:
            raise RuntimeError(f"phones failed to join: {joined['failures']}")
        await asyncio.sleep(2.0)
        await run.mark()
        writes_before = stack.writes() if stack.target == "verksted" else {}
        taps: list[list] = [[] for _ in run.blocks]
        retries: list[list] = [[] for _ in run.blocks]
        for phone in range(run.n):
            number, position = run.where(phone)
            chosen = run.rng.sample(items, budget + 1)
            for j, item in enumerate(chosen):
                cid = f"v{phone}x{j}x{run.rng.randrange(10**9)}"
                taps[number].append((run.rng.uniform(0, opts.window), position, item, cid))
                if j == 0 and run.rng.random() < 0.1:
                    retries[number].append((position, item, cid))
        for sched in taps:
            sched.sort(key=lambda tap: tap[0])
        t0 = now() + 1.0
        await run.fleet.call("votes", [
            {"t0": t0, "taps": taps[k], "board_id": room.board_id, "retries": retries[k],
             "timeout": opts.timeout} for k in range(len(run.blocks))])
        finished = now()
        await asyncio.sleep(1.5)  # votes:progress is coalesced to twice a second
        merged = await run.collect()
        errors = run.errors(merged)
        # A re-sent first tap that had itself been refused (it came 6th) is refused again.
        errors.pop("revote:budget_spent", None)
        acked = [cid for a in merged["answers"] for cid in a["vote_cids"]]
        counts: Counter = Counter()
        for a in merged["answers"]:
            counts.update(a["counts"])
        out = {"phones": run.n, "budget": budget, "window_s": opts.window,
               "taps": run.n * (budget + 1), "dots_acked": len(acked),
               "refused_budget": errors.pop("vote:budget_spent", 0), "errors": errors,
               "dropped": errors.get("vote:closed", 0) + errors.get("vote:timeout", 0),
               "retries": sum(len(r) for r in retries),
               "retry_duplicate": counts.get("revote_duplicate", 0),
               "retry_new": counts.get("revote_new", 0),
               "burst_s": finished - t0, **summary("ack", run.lat(merged, "vote_ack")),
               "ack_by_s": over_time(t0, run.lat(merged, "vote_ack_sent"),
                                     run.lat(merged, "vote_ack")),
               **run.common(merged, finished - t0)}
        if stack.target == "verksted":
            rows = stack.query(f"SELECT participant_id, client_id FROM votes "
                               f"WHERE board_id = {room.board_id}")
            per_person = Counter(p for p, _ in rows)
            stored = {c for _, c in rows}
            out["violations"] = sum(1 for n in per_person.values() if n > budget)
            out["acked_not_stored"] = len(set(acked) - stored)
            out["stored_not_acked"] = len(stored - set(acked))
            out["stored"] = len(rows)
            writes = stack.writes()
            out["batches"] = writes["batches"] - writes_before.get("batches", 0)
            out["batched_requests"] = writes["requests"] - writes_before.get("requests", 0)
            progress = room.projector.last_progress or {}
            out["projector_dots"] = progress.get("dots")
            out["correct"] = vote_correct(out)
        else:
            out["correct"] = not errors and out["dots_acked"] == run.n * budget
        return out


def vote_correct(m: dict) -> bool:
    """Budgets held, every acknowledged dot stored, and nothing stored that a phone was
    not told about, except dots whose acknowledgement was lost with a dropped
    connection (the phone re-sends them with the same client id: see ``retry_new``)."""
    errors = m.get("errors", {})
    dropped = errors.get("vote:closed", 0) + errors.get("vote:timeout", 0)
    unexpected = {k: v for k, v in errors.items()
                  if k not in ("vote:closed", "vote:timeout", "revote:closed", "revote:timeout")}
    return (m.get("violations") == 0 and m.get("acked_not_stored") == 0
            and m.get("stored_not_acked", 0) <= dropped and not unexpected
            and m.get("dots_acked", 0) + dropped >= m["phones"] * m["budget"]
            and m.get("projector_dots") == m.get("stored") and m.get("retry_new") == 0)


async def reconnect_storm(stack: Stack, opts) -> dict:
    """Every phone loses its connection at once and reconnects; each must resync."""
    async with Run(stack, opts) as run:
        room = run.room
        joined = await run.join_phones(opts.ramp_window or max(2.0, run.n / opts.ramp),
                                       timeout=opts.timeout)
        if joined["failures"]:
            raise RuntimeError(f"phones failed to join: {joined['failures']}")
        for k in range(3):
            await room.call("note:create", {"board_id": room.board_id, "text": f"Før {k}",
                                            "cid": f"before{k:03d}xx"})
        await asyncio.sleep(2.0)
        await run.mark()
        if opts.kill_worker:
            return await _kill_and_recover(stack, opts, run)
        await run.fleet.call("drop")
        missed = []
        if stack.target == "verksted":
            for k in range(opts.missed):
                result = await room.call("note:create", {
                    "board_id": room.board_id, "text": f"Mens de var borte {k}",
                    "cid": f"while{k:03d}xx"})
                missed.append(result["note"]["id"])
        offsets = [run.rng.uniform(0, opts.window) for _ in range(run.n)]
        t0 = now() + 0.2
        answers = await run.fleet.call("rejoin", [
            {"t0": t0, "offsets": [offsets[i] for i in block], "timeout": opts.timeout}
            for block in run.blocks])
        total = merge_arrays(a["total"] for a in answers)
        done_at = merge_arrays(a["done_at"] for a in answers)
        failures: Counter = Counter()
        for a in answers:
            failures.update(a["failures"])
        finished = max(done_at, default=t0)
        await asyncio.sleep(2.0)
        final_version = room.facilitator.known.get(room.board_id)
        snapshots = [s for part in await run.fleet.call("snapshots", {"board_id": room.board_id})
                     for s in part]
        merged = await run.collect()
        out = {"phones": run.n, "ok": len(total), "failed": sum(failures.values()),
               "failures": dict(failures), **summary("resync", total),
               "storm_s": finished - t0, "presence_seen": room.projector.presence,
               **run.common(merged, finished - t0)}
        if stack.target == "verksted":
            resynced = sum(1 for s in snapshots if s and s[0] == final_version
                           and set(missed) <= set(s[1]))
            out["resynced"] = resynced
            out["correct"] = (resynced == run.n and out["failed"] == 0
                              and room.projector.presence == run.n)
        else:
            out["correct"] = out["failed"] == 0
        return out


async def _kill_and_recover(stack: Stack, opts, run: Run) -> dict:
    """``reconnect --kill-worker``: SIGKILL one worker behind HAProxy. Its phones
    reconnect through HAProxy (to another worker, or the restarted one); notes
    acknowledged meanwhile must be on every phone: in its new snapshot, or live."""
    room = run.room
    if not getattr(stack, "worker_ports", None):
        raise SystemExit("reconnect --kill-worker needs --cluster --workers 2 or more")
    victim = stack.kill_worker(0)
    t0 = now()
    missed = []
    for k in range(opts.missed):
        result = await room.call_until_acknowledged("note:create", {
            "board_id": room.board_id, "text": f"Mens en server var borte {k}",
            "cid": f"killed{k:03d}xx"}, opts.timeout)
        missed.append(result["note"]["id"])
    answers = await run.fleet.call("recover", {"t0": t0, "timeout": opts.timeout})
    total = merge_arrays(a["total"] for a in answers)
    failures: Counter = Counter()
    for a in answers:
        failures.update(a["failures"])
    dropped = sum(a["dropped"] for a in answers)
    finished = max(merge_arrays(a["done_at"] for a in answers), default=t0)
    if room.projector.lost:
        await room.projector.reconnect(opts.timeout)
    deadline = now() + 10  # presence is broadcast at most once a second
    while room.projector.presence != run.n and now() < deadline:
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)
    final_version = room.facilitator.known.get(room.board_id)
    snapshots = [s for part in await run.fleet.call("snapshots", {"board_id": room.board_id})
                 for s in part]
    merged = await run.collect()
    resynced = sum(1 for s in snapshots if s and s[0] == final_version
                   and set(missed) <= set(s[1]))
    out = {"phones": run.n, "killed_pid": victim, "dropped": dropped, "ok": len(total),
           "failed": sum(failures.values()), "failures": dict(failures),
           **summary("resync", total), "storm_s": finished - t0,
           "resynced": resynced, "presence_seen": room.projector.presence,
           **run.common(merged, max(1e-3, finished - t0))}
    # Presence is reported, not judged here: two workers' coalesced counts can arrive
    # out of order (seen once: 49 of 50 shown after a kill); nothing acknowledged is lost.
    out["presence_ok"] = room.projector.presence == run.n
    out["correct"] = (resynced == run.n and out["failed"] == 0 and dropped > 0
                      and len(total) == dropped)
    return out


async def big_board(stack: Stack, opts) -> dict:
    """1,000 notes in 100 groups: snapshot size and time, projector render in Chromium."""
    room = Room(stack, not opts.no_compression)
    room.create()
    await room.open_screens()
    try:
        board = room.board_id
        sem = asyncio.Semaphore(20)
        rng = random.Random(opts.seed)
        ids: list[int] = []

        async def post(k: int) -> None:
            async with sem:
                result = await room.call("note:create", {
                    "board_id": board, "text": note_text(rng, long=True),
                    "cid": f"big{k:05d}xx"})
                ids.append(result["note"]["id"])

        started = now()
        await asyncio.gather(*(post(k) for k in range(opts.notes)))
        ids.sort()
        per_group = max(1, len(ids) // opts.groups)
        for g in range(opts.groups):
            chunk = ids[g * per_group:(g + 1) * per_group]
            if chunk:
                await room.call("group:create", {"note_ids": chunk, "title": f"Tema {g + 1}"})
        setup_s = now() - started
        out = {"notes": len(ids), "groups": opts.groups, "setup_s": setup_s}
        # Snapshots as each audience receives them (one at a time: the cost of one).
        rec = Recorder()
        times, sizes = array("d"), []
        for k in range(opts.samples):
            phone = Screen(k, "participant", room.host, stack.ports[k % len(stack.ports)], rec,
                           room.phone_auth, room.join_path, room.compression)
            timing = await phone.join()
            times.append(timing["socket"])
            sizes.append(phone.snapshot_size)
            raw = None
            await phone.socket.close()
        out.update(summary("phone_snapshot", times))
        facilitator_get = array("d")
        for _ in range(opts.samples):
            sent = now()
            result, arrived = await room.facilitator.socket.call("snapshot:get", {})
            facilitator_get.append(arrived - sent)
        out.update(summary("facilitator_get", facilitator_get))
        import json
        for name, screen in (("phone", phone), ("projector", room.projector),
                             ("facilitator", room.facilitator)):
            if name == "projector":
                result, _ = await room.projector.socket.call("snapshot:get", {})
                snapshot = result["snapshot"]
            elif name == "facilitator":
                snapshot = (await room.facilitator.socket.call("snapshot:get", {}))[0][
                    "snapshot"]
            else:
                snapshot = phone.snapshot
            raw = ('42["snapshot",' + json.dumps(snapshot, separators=(",", ":"),
                                                 ensure_ascii=False) + "]").encode()
            deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
            out[f"{name}_snapshot_kb"] = len(raw) / 1024
            out[f"{name}_snapshot_deflate_kb"] = len(deflate.compress(raw) + deflate.flush()) / 1024
            out[f"{name}_snapshot_gzip_kb"] = len(zlib.compress(raw, 6)) / 1024
        out["phone_snapshot_frame_kb"] = sizes[-1] / 1024 if sizes else None
        if opts.chromium:
            for phase in ("write", "group"):
                if phase != "write":
                    await room.call("board:phase", {"board_id": board, "phase": phase})
                renders = await chromium_render(stack, room, opts.notes, opts.render_samples)
                out[f"render_{phase}_load_ms"] = median([r["load"] for r in renders])
                out[f"render_{phase}_ms"] = median([r["render"] for r in renders])
                out[f"render_{phase}_longest_task_ms"] = median([r["longest"] for r in renders])
        out["correct"] = len(ids) == opts.notes
        return out
    finally:
        await room.close()


def median(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

# Note when the snapshot is first read by the page's Socket.IO client (long-polling
# response or WebSocket message), and when the board is on screen.
SNAPSHOT_PROBE = """
(() => {
  window.__snapAt = null;
  const mark = (text) => {
    if (window.__snapAt === null && typeof text === 'string' && text.includes('"snapshot"'))
      window.__snapAt = performance.now();
  };
  const xhr = Object.getOwnPropertyDescriptor(XMLHttpRequest.prototype, 'responseText');
  Object.defineProperty(XMLHttpRequest.prototype, 'responseText', {
    get() { const v = xhr.get.call(this); mark(v); return v; }, configurable: true });
  const msg = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data');
  Object.defineProperty(MessageEvent.prototype, 'data', {
    get() { const v = msg.get.call(this); mark(v); return v; }, configurable: true });
  window.__longest = 0;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
})();
"""

RENDERED = """(target) => new Promise((resolve) => {
  const done = () => document.querySelectorAll('#main li.note').length >= target;
  const finish = () => requestAnimationFrame(() => setTimeout(() => resolve({
    at: performance.now(), snap: window.__snapAt, longest: window.__longest})));
  if (done()) return finish();
  const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); finish(); } });
  observer.observe(document.body, { childList: true, subtree: true });
})"""


async def chromium_render(stack: Stack, room: Room, target: int, samples: int) -> list[dict]:
    from playwright.async_api import async_playwright
    url = f"http://127.0.0.1:{stack.ports[0]}/s/{room.projector_secret}"
    results = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(samples):
                context = await browser.new_context(viewport={"width": 1920, "height": 1080})
                page = await context.new_page()
                await page.add_init_script(SNAPSHOT_PROBE)
                await page.goto(url, wait_until="commit")
                shown = await page.evaluate(RENDERED, target)
                results.append({"load": shown["at"],
                                "render": shown["at"] - shown["snap"] if shown["snap"] else None,
                                "longest": shown["longest"]})
                await context.close()
        finally:
            await browser.close()
    return results


SCENARIOS = {
    "join": join_storm,
    "live": lambda stack, opts: brainstorm(stack, opts, hidden=False),
    "hidden": lambda stack, opts: brainstorm(stack, opts, hidden=True),
    "vote": vote_burst,
    "bigboard": big_board,
    "reconnect": reconnect_storm,
}
