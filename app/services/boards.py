"""The facilitator's controls of a board: phase, settings, timer."""
from __future__ import annotations

from ..domain import events as ev
from ..domain import phases, timer as countdown
from ..domain.roles import Principal
from ..store import flow, queries
from . import views
from .unit import Change, board_change, board_id_for


def publish_state(change: Change, workshop_id: int) -> int:
    """Broadcast the whole board, shaped for each audience (phase or visibility changed)."""
    version = change.bump()
    workshop = queries.workshop(change.session, workshop_id)
    reader = views.BoardReader(change.session, change.row, workshop.allow_names)
    change.publish(workshop_id, ev.BOARD_STATE, {
        audience: {"board_id": change.row.id, "version": version, "board": board}
        for audience, board in reader.by_audience().items()})
    return version


def set_phase(principal: Principal, board_id: object, raw_phase: object) -> dict:
    """Move a board to another phase; every screen follows."""
    phase = phases.parse_phase(raw_phase)
    with board_change(board_id_for(principal, board_id)) as change:
        flow.save_rules(change.row, phases.enter(flow.rules_of(change.row), phase))
        flow.save_timer(change.row, countdown.settled(flow.timer_of(change.row), views.now()))
        version = publish_state(change, principal.workshop_id)
    return {"phase": phase, "version": version}


def update_settings(principal: Principal, board_id: object, raw: object) -> dict:
    """Change a board's settings (hidden writing, late notes, vote budget, lock, ...)."""
    with board_change(board_id_for(principal, board_id)) as change:
        rules = phases.settings(flow.rules_of(change.row), raw)
        flow.save_rules(change.row, rules)
        version = publish_state(change, principal.workshop_id)
    return {"settings": views.settings(rules), "version": version}


def reveal(principal: Principal, board_id: object) -> dict:
    """Show notes written in hidden mode on every screen."""
    return update_settings(principal, board_id, {"notes_hidden": False})


def command_timer(principal: Principal, board_id: object, action: object,
                  seconds: object = None) -> dict:
    """Start, pause, resume, extend or stop the board's countdown."""
    with board_change(board_id_for(principal, board_id)) as change:
        timer = countdown.command(flow.timer_of(change.row), action, views.now(), seconds)
        flow.save_timer(change.row, timer)
        version = change.bump()
        payload = {"board_id": change.row.id, "version": version, "timer": views.timer(timer)}
        change.publish(principal.workshop_id, ev.BOARD_TIMER_UPDATED, {"*": payload})
    return {"timer": payload["timer"], "version": version}
