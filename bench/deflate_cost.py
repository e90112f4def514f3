"""``python -m bench.deflate_cost``: what a permessage-deflate setting costs per phone.

For each (window bits, memory level) it keeps 1,000 server-side compressors and
decompressors alive, as 1,000 connected phones do, after each compressed what a
phone gets (its join snapshot of a board with ``--notes`` varied notes, then
``--events`` small note events, flushed per message as permessage-deflate
does) and inflated what a phone sends (small requests). It prints resident
memory per phone and the bytes a phone downloads. No server, no network: the
zlib state is the part of a connection's memory the setting changes.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import zlib
from pathlib import Path

from .screens import note_text

SETTINGS = [(15, 8), (15, 8, "no_context_takeover"), (12, 5), (11, 5), (11, 4), (10, 8), (10, 5),
            (10, 4), (9, 4), (9, 1)]


def rss() -> int:
    """Resident bytes of this process."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096


def messages(notes: int, events: int, seed: int = 8) -> tuple[bytes, list[bytes], list[bytes]]:
    """A phone's snapshot frame, later event frames, and request frames, as Socket.IO sends them."""
    rng = random.Random(seed)

    def note(k: int) -> dict:
        return {"id": 1000 + k, "board_id": 7, "cid": f"c{k:08d}xyz", "text": note_text(rng, True),
                "name": "", "group_id": None, "created_at": "2026-12-02T13:40:00.123Z",
                "updated_at": "2026-12-02T13:40:00.123Z"}

    board = {"id": 7, "position": 0, "question": "Hva bør kommunen gjøre først?", "version": notes,
             "phase": "write", "settings": {"notes_hidden": False}, "notes": [
                 note(k) for k in range(notes)], "note_count": notes, "groups": [], "votes": {}}
    snapshot = "42" + json.dumps(["snapshot", {"workshop": {"id": 3, "title": "Innbyggermøte"},
                                               "boards": [board], "you": {"role": "participant"}}])
    later = ["42" + json.dumps(["note:created", {"board_id": 7, "note": note(notes + k),
                                                 "version": notes + k + 1}])
             for k in range(events)]
    asks = ["42%d" % k + json.dumps(["note:create", {"board_id": 7, "text": note_text(rng),
                                                     "cid": f"c{k:08d}abc"}]) for k in range(10)]
    return snapshot.encode(), [e.encode() for e in later], [a.encode() for a in asks]


def deflated(compressor, data: bytes) -> bytes:
    """One message as permessage-deflate sends it (sync flush, tail removed)."""
    return (compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH))[:-4]


def measure(setting: tuple, phones: int, snapshot: bytes, events: list[bytes],
            asks: list[bytes]) -> dict:
    """Memory per phone and bytes per phone for one setting."""
    bits, level, *flags = setting
    context = "no_context_takeover" not in flags

    def new():
        return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -bits, level)

    # What a phone sends, compressed by a browser with the same window (what we negotiate).
    client = new()
    frames = [deflated(client, a) for a in asks]
    before = rss()
    kept = []
    down = 0
    for _ in range(phones):
        compressor = new()
        for data in [snapshot, *events]:
            if compressor is None:
                compressor = new()
            down += len(deflated(compressor, data))
            if not context:
                compressor = None
        inflater = zlib.decompressobj(-bits)
        for frame in frames:
            inflater.decompress(frame + b"\x00\x00\xff\xff")
        kept.append((compressor, inflater))
    per_phone = (rss() - before) / phones
    first = new()
    snap = len(deflated(first, snapshot))
    return {"setting": f"window {bits} bits, memLevel {level}" + ("" if context else
                                                                  ", no context takeover"),
            "kb_per_phone": per_phone / 1024, "snapshot_kb": snap / 1024,
            "raw_snapshot_kb": len(snapshot) / 1024,
            "event_bytes": (down / phones - snap) / max(1, len(events)),
            "raw_event_bytes": sum(map(len, events)) / max(1, len(events))}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.deflate_cost", description=__doc__)
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    snapshot, events, asks = messages(opts.notes, opts.events)
    if opts.one is not None:
        print(json.dumps(measure(SETTINGS[opts.one], opts.phones, snapshot, events, asks)))
        return
    print(f"| setting | KB/phone (zlib) | snapshot KB ({len(snapshot) / 1024:.0f} raw) "
          f"| event bytes ({sum(map(len, events)) / len(events):.0f} raw) |")
    print("|---|---|---|---|")
    for index in range(len(SETTINGS)):
        # A fresh process per setting: memory freed by one must not be reused by the next.
        row = json.loads(subprocess.run(
            [sys.executable, "-m", "bench.deflate_cost", "--one", str(index),
             "--phones", str(opts.phones), "--notes", str(opts.notes), "--events",
             str(opts.events)], check=True, capture_output=True, text=True).stdout)
        print(f"| {row['setting']} | {row['kb_per_phone']:.1f} | {row['snapshot_kb']:.1f} "
              f"| {row['event_bytes']:.0f} |")


if __name__ == "__main__":
    main()
