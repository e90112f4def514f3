"""The phase countdown. The server's clock is authoritative.

A timer is stopped, running (it ends at ``ends_at``) or paused (with
``remaining`` seconds left). Clients draw it from ``ends_at`` and the
server time sent with it, correcting for their own clock's offset.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import DomainError

STOPPED, RUNNING, PAUSED = "stopped", "running", "paused"
MAX_SECONDS = 4 * 3600


@dataclass(frozen=True)
class Timer:
    """One board's countdown."""

    state: str = STOPPED
    ends_at: datetime | None = None
    remaining: float | None = None  # seconds, while paused
    duration: float | None = None   # seconds, as last started or extended

    def left(self, now: datetime) -> float:
        """Seconds left (0 when over or stopped)."""
        if self.state == RUNNING:
            return max(0.0, (self.ends_at - now).total_seconds())
        if self.state == PAUSED:
            return self.remaining or 0.0
        return 0.0


def _seconds(raw: object) -> int:
    if (not isinstance(raw, (int, float)) or isinstance(raw, bool)
            or (isinstance(raw, float) and not raw.is_integer())):  # 1.5 s, NaN, infinity
        raise DomainError("timer_invalid", limit=MAX_SECONDS // 60)
    if not 1 <= raw <= MAX_SECONDS:
        raise DomainError("timer_invalid", limit=MAX_SECONDS // 60)
    return int(raw)


def command(timer: Timer, action: object, now: datetime, seconds: object = None) -> Timer:
    """The timer after ``action``: start, pause, resume, extend or stop."""
    if action == "start":
        duration = _seconds(seconds)
        return Timer(RUNNING, now + timedelta(seconds=duration), None, duration)
    if action == "pause":
        if timer.state != RUNNING:
            raise DomainError("timer_not_running")
        return Timer(PAUSED, None, timer.left(now), timer.duration)
    if action == "resume":
        if timer.state != PAUSED:
            raise DomainError("timer_not_paused")
        return Timer(RUNNING, now + timedelta(seconds=timer.remaining), None, timer.duration)
    if action == "extend":
        extra = _seconds(seconds)
        total = (timer.duration or 0) + extra
        if timer.state == RUNNING:
            base = max(timer.ends_at, now)
            return Timer(RUNNING, base + timedelta(seconds=extra), None, total)
        if timer.state == PAUSED:
            return Timer(PAUSED, None, timer.remaining + extra, total)
        return Timer(RUNNING, now + timedelta(seconds=extra), None, extra)
    if action == "stop":
        return Timer()
    raise DomainError("timer_invalid", limit=MAX_SECONDS // 60)


def settled(timer: Timer, now: datetime) -> Timer:
    """The timer a new phase starts with: a countdown that has run out is cleared.

    "Time is up" belongs to the phase it was set for; it must not greet people
    in the next one. A running or paused countdown carries on.
    """
    if timer.state == RUNNING and timer.left(now) <= 0:
        return Timer()
    return timer
