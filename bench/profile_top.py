"""Summarise py-spy collapsed stacks: ``python -m bench.profile_top FILE [--match TEXT]``.

Prints the functions with the most inclusive and self samples (idle event-loop
waits removed), which is where a scenario's server CPU goes.
"""
from __future__ import annotations

import argparse
from collections import Counter

IDLE = ("epoll", "hub.py", "wait (gevent", "switch (greenlet", "_select")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--match", default=None, help="only stacks containing this text")
    args = parser.parse_args()
    inclusive, own, total = Counter(), Counter(), 0
    for line in open(args.file):
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or (args.match and args.match not in stack):
            continue
        frames = stack.split(";")
        if any(marker in frames[-1] for marker in IDLE):
            continue
        n = int(count)
        total += n
        own[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
    print(f"{total} busy samples")
    print("-- inclusive")
    for frame, n in inclusive.most_common(args.top):
        print(f"{100 * n / total:5.1f}%  {frame}")
    print("-- self")
    for frame, n in own.most_common(args.top // 2):
        print(f"{100 * n / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
