"""Who may do what. The one table every socket event and route is checked against."""
from __future__ import annotations

from enum import Enum

from . import events as ev
from .errors import DomainError


class Role(str, Enum):
    """The kinds of connection a workshop knows."""

    FACILITATOR = "facilitator"
    PROJECTOR = "projector"
    PARTICIPANT = "participant"


# Which roles may send each client request. Ownership rules (a participant
# edits only their own notes) are checked by the services on top of this.
ALLOWED: dict[str, frozenset[Role]] = {
    ev.SNAPSHOT_GET: frozenset(Role),
    ev.NOTE_CREATE: frozenset({Role.FACILITATOR, Role.PARTICIPANT}),
    ev.NOTE_UPDATE: frozenset({Role.FACILITATOR, Role.PARTICIPANT}),
    ev.NOTE_DELETE: frozenset({Role.FACILITATOR, Role.PARTICIPANT}),
    ev.NOTE_MODERATE: frozenset({Role.FACILITATOR}),
    ev.WORKSHOP_SHOW_BOARD: frozenset({Role.FACILITATOR}),
    ev.WORKSHOP_SETTINGS: frozenset({Role.FACILITATOR}),
    ev.PARTICIPANT_RENAME: frozenset({Role.PARTICIPANT}),
    ev.BOARD_PHASE: frozenset({Role.FACILITATOR}),
    ev.BOARD_SETTINGS: frozenset({Role.FACILITATOR}),
    ev.BOARD_TIMER: frozenset({Role.FACILITATOR}),
    # Participants may group only where the board allows it (domain/phases.py).
    **{event: frozenset({Role.FACILITATOR, Role.PARTICIPANT}) for event in (
        ev.GROUP_COMBINE, ev.GROUP_MOVE, ev.GROUP_CREATE, ev.GROUP_MERGE,
        ev.GROUP_RENAME, ev.GROUP_DISSOLVE)},
    ev.VOTE_ADD: frozenset({Role.PARTICIPANT}),
    ev.VOTE_REMOVE: frozenset({Role.PARTICIPANT}),
}


def require(role: Role, event: str) -> None:
    """Raise ``forbidden`` unless ``role`` may send ``event``."""
    if role not in ALLOWED.get(event, frozenset()):
        raise DomainError("forbidden")


class Principal:
    """Who is behind one connection or request, and in which workshop."""

    __slots__ = ("role", "workshop_id", "participant_id")

    def __init__(self, role: Role, workshop_id: int, participant_id: int | None = None):
        self.role = role
        self.workshop_id = workshop_id
        self.participant_id = participant_id

    @property
    def audience(self) -> str:
        """The name of the audience this principal's events are shaped for."""
        return self.role.value

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Principal({self.role.value}, w={self.workshop_id}, p={self.participant_id})"
