"""Grouping notes into themes: apply a domain plan, store it, broadcast the result.

Every operation broadcasts ``board:grouped`` with the board's groups and the
absolute group of each note it moved, so concurrent moves (last writer wins,
serialised per board) leave every screen in the database's state.
"""
from __future__ import annotations

from ..domain import events as ev
from ..domain import grouping as rules
from ..domain import phases
from ..domain.errors import DomainError
from ..domain.roles import Principal
from ..store import db, flow, queries
from . import views
from .unit import Change, board_change


def publish_grouping(change: Change, workshop_id: int, moves: dict[int, int | None]) -> int:
    """Broadcast the board's groups and the moved notes' groups (a public change)."""
    version = change.bump()
    payload = {"board_id": change.row.id, "version": version,
               "groups": [views.group(g) for g in flow.groups(change.session, change.row.id)],
               "moves": {str(note): group for note, group in moves.items()}}
    change.publish(workshop_id, ev.BOARD_GROUPED, {"*": payload})
    return version


def drop_if_empty(change: Change, workshop_id: int, group_id: int | None) -> None:
    """Remove a group that lost its last note (after a delete or a hide)."""
    if group_id is None:
        return
    if group_id in set(flow.assignment(change.session, change.row.id).values()):
        return
    flow.remove_groups(change.session, {group_id})
    publish_grouping(change, workshop_id, {})


def _board_of(principal: Principal, data: dict) -> int:
    """The board a grouping request is about, from the note or group it names."""
    with db.session() as session:
        note_id = data.get("note_id")
        if note_id is None and isinstance(data.get("note_ids"), list) and data["note_ids"]:
            note_id = data["note_ids"][0]
        if note_id is not None:
            note = queries.note_in_workshop(session, principal.workshop_id, note_id)
            if note is None:
                raise DomainError("note_unknown")
            return note.board_id
        group = queries.group_in_workshop(session, principal.workshop_id, data.get("group_id"))
        if group is None:
            raise DomainError("group_unknown")
        return group.board_id


def apply(principal: Principal, operation: str, data: dict) -> dict:
    """Run one grouping operation ("combine", "move", "create", "merge", "rename", "dissolve")."""
    board_id = _board_of(principal, data)
    with board_change(board_id) as change:
        phases.require_can_group(flow.rules_of(change.row), principal.role)
        session = change.session
        assignment = flow.assignment(session, board_id)
        groups = flow.groups(session, board_id)
        ids = {g.id for g in groups}
        if operation == "combine":
            plan = rules.combine(assignment, ids, data.get("note_id"), data.get("onto_note_id"))
        elif operation == "move":
            plan = rules.move(assignment, ids, data.get("note_id"), data.get("group_id"))
        elif operation == "create":
            plan = rules.new_group(assignment, data.get("note_ids"), data.get("title", ""))
        elif operation == "merge":
            plan = rules.merge(assignment, ids, data.get("group_id"), data.get("into_group_id"),
                               {g.id: g.title for g in groups})
        elif operation == "rename":
            plan = rules.rename(ids, data.get("group_id"), data.get("title"))
        elif operation == "dissolve":
            plan = rules.dissolve(assignment, ids, data.get("group_id"))
        else:  # pragma: no cover - handlers only route the six names above
            raise DomainError("payload_invalid")
        created = flow.add_group(session, board_id, plan.new_title) if plan.create else None
        moves: dict[int, int | None] = {}
        by_target: dict[int | None, list[int]] = {}
        for note, target in plan.moves.items():
            target = created.id if target == rules.NEW else target
            moves[note] = target
            by_target.setdefault(target, []).append(note)
        for target, notes in by_target.items():
            flow.set_note_group(session, notes, target)
        for group in groups:
            if group.id in plan.rename:
                group.title = plan.rename[group.id]
        merge_target = data.get("into_group_id") if operation == "merge" else None
        flow.remove_groups(session, plan.remove, votes_to=merge_target)
        session.flush()
        version = publish_grouping(change, principal.workshop_id, moves)
    result = {"version": version, "moves": {str(k): v for k, v in moves.items()}}
    if created is not None:
        result["group_id"] = created.id
    return result
