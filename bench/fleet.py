"""Several generator processes, each an asyncio loop carrying a slice of the phones.

The coordinator sends each process one command at a time over a pipe and waits
for every answer; the processes share nothing else. Phone ``i`` of ``N`` lives in
process ``i * P // N``; its server (when there are several workers) is ``i % W``.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
import resource
import time
from array import array

from .screens import Recorder, Screen, connect_all, note_text
from .eio import now


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Worker:
    """The generator process side."""

    def __init__(self, conn, number: int) -> None:
        self.conn = conn
        self.number = number
        self.rec = Recorder()
        self.screens: list[Screen] = []
        self.mark = (time.process_time(), 0, 0)

    def frames(self) -> tuple[int, int]:
        fin = fout = 0
        for screen in self.screens:
            a, b = screen.frame_counts()
            fin += a
            fout += b
        return fin, fout

    async def serve(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            command, args = await loop.run_in_executor(None, self.conn.recv)
            if command == "exit":
                await asyncio.gather(*(s.socket.close() for s in self.screens if s.socket),
                                     return_exceptions=True)
                self.conn.send(("ok", None))
                return
            try:
                result = await getattr(self, "do_" + command)(**args)
                self.conn.send(("ok", result))
            except Exception as error:  # noqa: BLE001 - report to the coordinator
                import traceback
                self.conn.send(("error", traceback.format_exc() + str(error)))

    async def do_setup(self, phones, auth, join_path, compression) -> None:
        self.screens = [Screen(index, "participant", host, port, self.rec, auth, join_path,
                               compression) for index, host, port in phones]

    async def do_mark(self) -> None:
        fin, fout = self.frames()
        self.mark = (time.process_time(), fin, fout)

    def _usage(self) -> dict:
        fin, fout = self.frames()
        cpu0, in0, out0 = self.mark
        return {"cpu": time.process_time() - cpu0, "frames_in": fin - in0,
                "frames_out": fout - out0}

    async def do_join(self, t0, offsets, timeout=60.0) -> dict:
        result = await connect_all(self.screens, offsets, t0, timeout)
        return {**result, "usage": self._usage()}

    async def do_notes(self, t0, schedule, board_id, seed, drain=3.0, timeout=30.0) -> dict:
        rng = random.Random(seed)
        tasks = []
        for offset, position in schedule:
            delay = t0 + offset - now()
            if delay > 0:
                await asyncio.sleep(delay)
            screen = self.screens[position]
            if screen.socket is None or screen.socket.closed:
                self.rec.errors["note:not_connected"] += 1
                continue
            tasks.append(screen.post_note(board_id, note_text(rng), timeout))
        late = max(0.0, now() - (t0 + (schedule[-1][0] if schedule else 0)))
        await asyncio.gather(*tasks)
        await asyncio.sleep(drain)
        return {"late_by": late}

    async def do_votes(self, t0, taps, board_id, retries=(), timeout=30.0) -> dict:
        tasks = []
        for offset, position, item, cid in taps:
            delay = t0 + offset - now()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(self.screens[position].place_dot(board_id, item, cid, timeout))
        await asyncio.gather(*tasks)
        # Re-send some acknowledged dots with the same client id, as a phone that lost
        # the acknowledgement does: each must answer "duplicate" and change nothing.
        again = [self.screens[p].place_dot(board_id, item, cid, timeout, kind="revote")
                 for p, item, cid in retries]
        await asyncio.gather(*again)
        return {}

    async def do_collect(self) -> dict:
        data = self.rec.export()
        data["usage"] = self._usage()
        data["connected"] = sum(1 for s in self.screens if s.socket and not s.socket.closed)
        data["compression"] = next((s.socket.compression for s in self.screens if s.socket), None)
        self.rec.reset()
        return data

    async def do_drop(self) -> None:
        for screen in self.screens:
            screen.drop()
        await asyncio.sleep(0.2)

    async def do_rejoin(self, t0, offsets, timeout=60.0) -> dict:
        """Reconnect every phone (same cookie, no page load): a Socket.IO reconnect."""
        for screen in self.screens:
            screen.join_path = None
        result = await connect_all(self.screens, offsets, t0, timeout)
        return {**result, "usage": self._usage()}

    async def do_recover(self, t0, timeout=60.0, quiet=2.0) -> dict:
        """Reconnect every phone whose socket went away (a worker was killed), until no
        socket has been lost for ``quiet`` seconds; the others stay as they are."""
        for screen in self.screens:
            screen.join_path = None
        rec_total, failures, done_at = array("d"), {}, array("d")
        dropped: set[int] = set()
        pending: dict[int, asyncio.Task] = {}
        deadline = now() + timeout
        calm_since = now()
        while now() < deadline:
            for k, screen in enumerate(self.screens):
                if screen.lost and k not in pending:
                    dropped.add(k)
                    pending[k] = asyncio.ensure_future(screen.reconnect(deadline - now()))
            for k, task in list(pending.items()):
                if task.done():
                    del pending[k]
                    error = task.exception()
                    if error is None:
                        rec_total.append(self.screens[k].snapshot_at - t0)
                        done_at.append(self.screens[k].snapshot_at)
                    else:
                        kind = type(error).__name__
                        failures[kind] = failures.get(kind, 0) + 1
                    calm_since = now()
            if pending:
                calm_since = now()
            elif now() - calm_since >= quiet:
                break
            await asyncio.sleep(0.1)
        return {"dropped": len(dropped), "total": rec_total, "done_at": done_at,
                "failures": failures, "usage": self._usage()}

    async def do_snapshots(self, board_id) -> list:
        """What each phone's latest snapshot says about a board: (version, note ids)."""
        out = []
        for screen in self.screens:
            board = None
            if screen.snapshot:
                board = next((b for b in screen.snapshot["boards"] if b["id"] == board_id), None)
            # What the screen shows: its snapshot and the notes that arrived live since.
            out.append(None if board is None else
                       (screen.known.get(board_id, board.get("version")),
                        sorted({n["id"] for n in board.get("notes", [])} | screen.note_ids),
                        board.get("note_count")))
        return out


def _worker_main(conn, number: int) -> None:
    raise_fd_limit()
    os.environ.pop("PYTHONASYNCIODEBUG", None)
    asyncio.run(Worker(conn, number).serve())


class Fleet:
    """The coordinator's handle on the generator processes."""

    def __init__(self, procs: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.pipes = []
        self.processes = []
        for number in range(procs):
            parent, child = ctx.Pipe()
            process = ctx.Process(target=_worker_main, args=(child, number), daemon=True)
            process.start()
            self.pipes.append(parent)
            self.processes.append(process)

    @property
    def size(self) -> int:
        return len(self.pipes)

    async def call(self, command: str, per_process: list[dict] | dict | None = None,
                   timeout: float = 600.0) -> list:
        if not isinstance(per_process, list):
            per_process = [per_process or {}] * self.size
        for pipe, args in zip(self.pipes, per_process):
            pipe.send((command, args))
        loop = asyncio.get_running_loop()

        def receive(pipe):
            if not pipe.poll(timeout):
                raise TimeoutError(f"generator process did not answer {command} in {timeout}s")
            return pipe.recv()

        answers = await asyncio.gather(*(loop.run_in_executor(None, receive, p)
                                         for p in self.pipes))
        for status, value in answers:
            if status != "ok":
                raise RuntimeError(f"generator process failed in {command}:\n{value}")
        return [value for _, value in answers]

    async def close(self) -> None:
        try:
            await self.call("exit", timeout=15)
        except Exception:  # noqa: BLE001
            pass
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


def split(n: int, procs: int) -> list[range]:
    """Phone indices per process (contiguous blocks)."""
    return [range(p * n // procs, (p + 1) * n // procs) for p in range(procs)]
