"""Dot voting: items, the per-person budget and ranking with ties.

Items are the groups of a board and the notes left ungrouped. A dot placed
on a note that is later grouped counts for its group, so regrouping after
voting never loses a dot.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import DomainError


@dataclass(frozen=True)
class Item:
    """A votable thing: ``kind`` is "group" or "note"."""

    kind: str
    id: int

    @property
    def key(self) -> str:
        return f"{self.kind[0]}{self.id}"


def parse_item(raw: object) -> Item:
    """An item from a request: ``{"kind": "group"|"note", "id": int}``."""
    if not isinstance(raw, dict):
        raise DomainError("item_unknown")
    kind, item_id = raw.get("kind"), raw.get("id")
    if kind not in ("group", "note") or not isinstance(item_id, int) or isinstance(item_id, bool):
        raise DomainError("item_unknown")
    return Item(kind, item_id)


def check_dot(*, budget: int, multi_dots: bool, mine: list[Item], item: Item) -> None:
    """Raise unless one more dot on ``item`` keeps within the rules."""
    if len(mine) >= budget:
        raise DomainError("budget_spent", budget=budget)
    if not multi_dots and item in mine:
        raise DomainError("already_voted")


def tally(dots: list[Item], note_groups: dict[int, int | None]) -> dict[Item, int]:
    """Votes per current item: dots on grouped notes count for their group."""
    counts: dict[Item, int] = {}
    for dot in dots:
        target = dot
        if dot.kind == "note":
            if dot.id not in note_groups:
                continue  # the note was deleted
            group = note_groups[dot.id]
            if group is not None:
                target = Item("group", group)
        counts[target] = counts.get(target, 0) + 1
    return counts


def rank(counts: dict[Item, int], items: list[Item]) -> list[tuple[int, Item, int]]:
    """``(rank, item, votes)`` for every item, most votes first.

    Competition ranking: equal votes share a rank and the next rank skips
    (1, 2, 2, 4), so ties show as ties. Items without votes are ranked too.
    Among equals the original item order is kept, so the list is stable.
    """
    ordered = sorted(items, key=lambda item: -counts.get(item, 0))
    ranked = []
    for position, item in enumerate(ordered):
        votes = counts.get(item, 0)
        if position and votes == ranked[-1][2]:
            ranked.append((ranked[-1][0], item, votes))
        else:
            ranked.append((position + 1, item, votes))
    return ranked


def tied_ranks(ranked: list[tuple[int, Item, int]]) -> set[int]:
    """The ranks two or more items share (shown as "shared 2nd place")."""
    seen: set[int] = set()
    tied: set[int] = set()
    for position, _item, _votes in ranked:
        (tied if position in seen else seen).add(position)
    return tied
