"""The countdown follows the server's clock."""
from datetime import datetime, timedelta, timezone

import pytest

from app.domain import timer
from app.domain.errors import DomainError

T0 = datetime(2026, 11, 9, 9, 0, tzinfo=timezone.utc)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_start_pause_resume_extend_stop():
    t = timer.command(timer.Timer(), "start", T0, 300)
    assert t.state == "running" and t.left(at(60)) == 240
    t = timer.command(t, "pause", at(100))
    assert t.state == "paused" and t.left(at(1000)) == 200
    t = timer.command(t, "resume", at(500))
    assert t.left(at(550)) == 150
    t = timer.command(t, "extend", at(550), 60)
    assert t.left(at(550)) == 210 and t.duration == 360
    assert timer.command(t, "stop", at(600)).state == "stopped"


def test_time_never_goes_below_zero_and_extending_an_ended_timer_counts_from_now():
    t = timer.command(timer.Timer(), "start", T0, 10)
    assert t.left(at(60)) == 0
    t = timer.command(t, "extend", at(60), 30)
    assert t.left(at(60)) == 30


@pytest.mark.parametrize("action, seconds", [("start", 0), ("start", -5), ("start", "60"),
                                             ("start", 10**9), ("start", float("nan")),
                                             ("jump", 5), ("extend", None)])
def test_bad_commands_are_refused(action, seconds):
    with pytest.raises(DomainError):
        timer.command(timer.Timer(), action, T0, seconds)


def test_pause_and_resume_need_the_right_state():
    with pytest.raises(DomainError):
        timer.command(timer.Timer(), "pause", T0)
    with pytest.raises(DomainError):
        timer.command(timer.Timer(), "resume", T0)


def test_a_new_phase_clears_a_countdown_that_has_run_out_and_keeps_one_that_has_not():
    ended = timer.command(timer.Timer(), "start", T0, 10)
    assert timer.settled(ended, at(11)) == timer.Timer()
    assert timer.settled(ended, at(5)) == ended
    paused = timer.command(ended, "pause", at(5))
    assert timer.settled(paused, at(500)) == paused
