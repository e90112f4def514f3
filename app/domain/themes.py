"""Linking themes across the workshops of a series: "these groups are the same theme".

A series theme holds groups from different workshops that answered the same
question (the board at the same position), at most one group per workshop.
Linking two groups puts them in one theme: a new one, the one either is in
already, or, when both are in themes, the two themes merged into one.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import DomainError


@dataclass(frozen=True)
class GroupRef:
    """A group as linking sees it: which workshop and which question it belongs to."""

    id: int
    workshop_id: int
    position: int


@dataclass(frozen=True)
class LinkPlan:
    """What to store: ``theme`` to keep (``None``: create one), groups to add to it,
    and themes whose groups move into it before they are deleted."""

    theme: int | None
    add: frozenset[int]
    absorb: frozenset[int]

    @property
    def changes_nothing(self) -> bool:
        """The two groups are already one theme."""
        return self.theme is not None and not self.add and not self.absorb


def plan_link(a: GroupRef, b: GroupRef, theme_of: dict[int, int],
              members: dict[int, list[GroupRef]]) -> LinkPlan:
    """Plan linking ``a`` and ``b``; raises ``DomainError`` if they cannot be one theme.

    ``theme_of`` maps group ids to their theme, ``members`` a theme to its groups.
    """
    if a.id == b.id:
        raise DomainError("themes_same_group")
    if a.position != b.position:
        raise DomainError("themes_other_question")
    theme_a, theme_b = theme_of.get(a.id), theme_of.get(b.id)
    if theme_a is not None and theme_a == theme_b:
        return LinkPlan(theme_a, frozenset(), frozenset())
    group_a = members.get(theme_a, [a]) if theme_a is not None else [a]
    group_b = members.get(theme_b, [b]) if theme_b is not None else [b]
    together = group_a + group_b
    if len({g.workshop_id for g in together}) != len(together):
        raise DomainError("themes_same_workshop")
    if theme_a is None and theme_b is None:
        return LinkPlan(None, frozenset({a.id, b.id}), frozenset())
    keep = theme_a if theme_a is not None else theme_b
    other = theme_b if keep == theme_a else theme_a
    absorb = frozenset({other}) if other is not None else frozenset()
    add = frozenset(g.id for g in together if theme_of.get(g.id) != keep)
    return LinkPlan(keep, add, absorb)


def left_alone(remaining_members: int) -> bool:
    """Whether a theme must go after a group left it: one group alone is no link."""
    return remaining_members < 2
