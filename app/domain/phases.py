"""The phases of a board and what each allows: write -> group -> vote -> results.

The facilitator may move a board to any phase (forward, or back when needed);
what participants may do follows from the phase and the board's settings.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import DomainError
from .roles import Role

WRITE, GROUP, VOTE, RESULTS = "write", "group", "vote", "results"
PHASES = (WRITE, GROUP, VOTE, RESULTS)

DEFAULT_BUDGET = 5
MAX_BUDGET = 50


@dataclass(frozen=True)
class BoardRules:
    """The settings and phase of one board, as the rules need them."""

    phase: str = WRITE
    notes_hidden: bool = False
    revealed: bool = False
    late_notes: bool = False
    participants_group: bool = False
    locked: bool = False
    vote_budget: int = DEFAULT_BUDGET
    multi_dots: bool = False
    live_counts: bool = False

    @property
    def notes_public(self) -> bool:
        """Whether every screen sees every (non-moderated) note right now."""
        return not self.notes_hidden or self.revealed or self.phase != WRITE

    @property
    def votes_public(self) -> bool:
        """Whether vote counts are shown to everyone (after voting closed)."""
        return self.phase == RESULTS


def _open_for(rules: BoardRules, role: Role) -> None:
    if role is Role.PROJECTOR:
        raise DomainError("forbidden")
    if rules.locked and not role.is_staff:
        raise DomainError("board_locked")


def require_can_post(rules: BoardRules, role: Role) -> None:
    """Notes are posted while writing, and while grouping if late notes are allowed.

    The facilitator may add notes in any phase (for people without a phone).
    """
    _open_for(rules, role)
    if role.is_staff:
        return
    if rules.phase == WRITE or (rules.phase == GROUP and rules.late_notes):
        return
    raise DomainError("phase_no_posting")


def require_can_edit_own(rules: BoardRules, role: Role) -> None:
    """Authors edit or delete their notes while they could post them."""
    require_can_post(rules, role)


def require_can_group(rules: BoardRules, role: Role) -> None:
    """The facilitator groups in the write and group phases; participants only
    in the group phase and only when the board allows it."""
    _open_for(rules, role)
    if not rules.notes_public:
        raise DomainError("notes_hidden_grouping")
    if role.is_staff:
        if rules.phase in (WRITE, GROUP):
            return
        raise DomainError("phase_no_grouping")
    if rules.phase == GROUP and rules.participants_group:
        return
    raise DomainError("phase_no_grouping" if rules.phase != GROUP else "grouping_not_allowed")


def require_can_vote(rules: BoardRules, role: Role) -> None:
    """Dots are placed and taken back only in the vote phase."""
    _open_for(rules, role)
    if rules.phase != VOTE:
        raise DomainError("phase_no_voting")


def parse_phase(raw: object) -> str:
    """A phase name from a request."""
    if raw not in PHASES:
        raise DomainError("phase_unknown")
    return str(raw)


def enter(rules: BoardRules, phase: str) -> BoardRules:
    """The board's rules after moving to ``phase``: leaving writing reveals the notes."""
    revealed = rules.revealed or phase != WRITE
    return replace(rules, phase=phase, revealed=revealed)


def settings(rules: BoardRules, raw: object) -> BoardRules:
    """Apply a facilitator's settings change; unknown keys or wrong types are refused."""
    if not isinstance(raw, dict) or not raw:
        raise DomainError("settings_invalid")
    flags = {"notes_hidden", "late_notes", "participants_group", "locked", "multi_dots",
             "live_counts"}
    changes: dict[str, object] = {}
    for key, value in raw.items():
        if key in flags and isinstance(value, bool):
            changes[key] = value
        elif key == "vote_budget" and isinstance(value, int) and not isinstance(value, bool):
            if not 1 <= value <= MAX_BUDGET:
                raise DomainError("budget_invalid", limit=MAX_BUDGET)
            changes[key] = value
        else:
            raise DomainError("settings_invalid")
    return replace(rules, **changes)
