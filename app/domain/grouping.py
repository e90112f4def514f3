"""Grouping (clustering) notes into themes.

The store holds which group each note belongs to; these functions decide
what an operation does to that assignment, so the rules are tested without
a database. Every operation returns a ``Plan``: the notes whose group
changes, the groups to create, rename or remove. A group left without notes
is removed: an empty theme has nothing to show or vote on.

Concurrent moves: writes to a board are serialised and the last one wins.
Every change is broadcast as the absolute result (note -> group), so all
screens end in the same state as the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import text
from .errors import DomainError

GROUP_TITLE_MAX = 80
NEW = -1  # placeholder id for the group a plan creates


@dataclass
class Plan:
    """What one grouping operation changes."""

    moves: dict[int, int | None] = field(default_factory=dict)  # note -> group (NEW allowed)
    create: bool = False
    new_title: str = ""
    rename: dict[int, str] = field(default_factory=dict)
    remove: set[int] = field(default_factory=set)


def title(raw: object) -> str:
    """A group title: one line, may be empty (shown as an untitled group)."""
    return text.optional_line(raw, limit=GROUP_TITLE_MAX, long_code="group_title_too_long")


def _require_note(assignment: dict[int, int | None], note_id: object) -> int:
    if not isinstance(note_id, int) or isinstance(note_id, bool) or note_id not in assignment:
        raise DomainError("note_unknown")
    return note_id


def _require_group(groups: set[int], group_id: object) -> int:
    if not isinstance(group_id, int) or isinstance(group_id, bool) or group_id not in groups:
        raise DomainError("group_unknown")
    return group_id


def _emptied(assignment: dict[int, int | None], plan: Plan) -> set[int]:
    after = {**assignment, **plan.moves}
    before = {g for g in assignment.values() if g is not None}
    still = {g for g in after.values() if g is not None}
    return before - still


def move(assignment: dict[int, int | None], groups: set[int], note_id: object,
         group_id: object) -> Plan:
    """Move a note into a group, or out of any group when ``group_id`` is None."""
    note = _require_note(assignment, note_id)
    target = None if group_id is None else _require_group(groups, group_id)
    plan = Plan(moves={note: target} if assignment[note] != target else {})
    plan.remove = _emptied(assignment, plan)
    return plan


def combine(assignment: dict[int, int | None], groups: set[int], note_id: object,
            onto_note_id: object) -> Plan:
    """Drop a note onto another note: join its group, or start a new group of the two."""
    note = _require_note(assignment, note_id)
    onto = _require_note(assignment, onto_note_id)
    if note == onto:
        raise DomainError("group_same_note")
    target = assignment[onto]
    if target is not None:
        return move(assignment, groups, note, target)
    plan = Plan(moves={onto: NEW, note: NEW}, create=True)
    plan.remove = _emptied(assignment, plan)
    return plan


def new_group(assignment: dict[int, int | None], note_ids: object, raw_title: object = "") -> Plan:
    """A new group holding the given notes ("New group with…")."""
    if not isinstance(note_ids, list) or not note_ids or len(note_ids) > 500:
        raise DomainError("note_unknown")
    notes = [_require_note(assignment, n) for n in note_ids]
    plan = Plan(moves={n: NEW for n in notes}, create=True, new_title=title(raw_title))
    plan.remove = _emptied(assignment, plan)
    return plan


def merge(assignment: dict[int, int | None], groups: set[int], group_id: object,
          into_group_id: object, titles: dict[int, str]) -> Plan:
    """Drop a group onto another: its notes join the target, the source is removed.

    An untitled target takes the source's title, so a name is never lost.
    """
    source = _require_group(groups, group_id)
    target = _require_group(groups, into_group_id)
    if source == target:
        raise DomainError("group_same")
    plan = Plan(moves={n: target for n, g in assignment.items() if g == source})
    plan.remove = {source}
    if not titles.get(target) and titles.get(source):
        plan.rename[target] = titles[source]
    return plan


def dissolve(assignment: dict[int, int | None], groups: set[int], group_id: object) -> Plan:
    """Remove a group; its notes become ungrouped."""
    group = _require_group(groups, group_id)
    plan = Plan(moves={n: None for n, g in assignment.items() if g == group})
    plan.remove = {group}
    return plan


def rename(groups: set[int], group_id: object, raw_title: object) -> Plan:
    """Give a group a new title."""
    group = _require_group(groups, group_id)
    return Plan(rename={group: title(raw_title)})
