"""Many dots at once: the taps of one group commit, checked against the board read once.

The store reads, for a whole batch, the client ids already used, the voters'
dots and which of the tapped items are votable; ``Ballot`` then takes the
taps in queue order and answers each on its own, exactly as if they had come
one by one: a client id seen before (stored, or placed earlier in the same
batch) is a duplicate, a refused tap changes nothing, and every placed dot
counts against its voter's budget for the taps after it.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import phases
from .errors import DomainError
from .roles import Role
from .voting import Item, check_dot


@dataclass(frozen=True)
class Tap:
    """One request to place a dot."""

    participant_id: int
    role: Role
    item: Item
    client_id: str


@dataclass(frozen=True)
class Placed:
    """A tap's answer: the voter's dots after it (as placed, oldest first)."""

    mine: list[Item]
    duplicate: bool = False


class Ballot:
    """The board's dots as far as one batch needs them, kept up to date as it places."""

    def __init__(self, rules: phases.BoardRules, used_client_ids: set[str],
                 dots: dict[int, list[tuple[Item, Item]]], votable: set[Item]) -> None:
        """``dots``: per voter, ``(item placed on, item it counts for now)`` oldest first."""
        self.rules = rules
        self.used = set(used_client_ids)
        self.dots = dots
        self.votable = votable
        self.placed: list[Tap] = []

    def mine(self, participant_id: int) -> list[Item]:
        """A voter's dots as placed, oldest first."""
        return [placed for placed, _ in self.dots.get(participant_id, [])]

    def tap(self, tap: Tap) -> Placed | DomainError:
        """Place one dot if the rules allow it; the answer or the refusal."""
        if tap.client_id in self.used:
            return Placed(self.mine(tap.participant_id), duplicate=True)
        try:
            phases.require_can_vote(self.rules, tap.role)
            if tap.item not in self.votable:
                raise DomainError("item_unknown")
            own = self.dots.setdefault(tap.participant_id, [])
            check_dot(budget=self.rules.vote_budget, multi_dots=self.rules.multi_dots,
                      mine=[counts_for for _, counts_for in own], item=tap.item)
        except DomainError as error:
            return error
        self.used.add(tap.client_id)
        own.append((tap.item, tap.item))
        self.placed.append(tap)
        return Placed(self.mine(tap.participant_id))
