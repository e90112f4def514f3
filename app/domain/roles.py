"""Who may do what. The one table every socket event and route is checked against."""
from __future__ import annotations

import hmac
from enum import Enum
from typing import Mapping

from . import events as ev
from .errors import DomainError


class Role(str, Enum):
    """Who is behind a request: the kinds of connection a workshop knows, and the
    holder of a series link (pages only: a series link opens no socket)."""

    FACILITATOR = "facilitator"
    COFACILITATOR = "cofacilitator"
    PROJECTOR = "projector"
    PARTICIPANT = "participant"
    SERIES = "series"

    @property
    def is_staff(self) -> bool:
        """Facilitators and co-facilitators run the workshop."""
        return self in (Role.FACILITATOR, Role.COFACILITATOR)


STAFF = frozenset({Role.FACILITATOR, Role.COFACILITATOR})
WORKSHOP_ROLES = STAFF | {Role.PROJECTOR, Role.PARTICIPANT}


# Which roles may send each client request. Ownership rules (a participant
# edits only their own notes) are checked by the services on top of this.
_PEOPLE = STAFF | {Role.PARTICIPANT}

ALLOWED: dict[str, frozenset[Role]] = {
    ev.SNAPSHOT_GET: WORKSHOP_ROLES,
    ev.NOTE_CREATE: _PEOPLE,
    # Many notes at once, typed in from paper by whoever runs the workshop.
    ev.NOTE_CREATE_MANY: STAFF,
    ev.NOTE_UPDATE: _PEOPLE,
    ev.NOTE_DELETE: _PEOPLE,
    ev.NOTE_MODERATE: STAFF,
    ev.WORKSHOP_SHOW_BOARD: STAFF,
    ev.WORKSHOP_SETTINGS: STAFF,
    ev.PARTICIPANT_RENAME: frozenset({Role.PARTICIPANT}),
    ev.BOARD_PHASE: STAFF,
    ev.BOARD_SETTINGS: STAFF,
    ev.BOARD_TIMER: STAFF,
    # Participants may group only where the board allows it (domain/phases.py).
    **{event: _PEOPLE for event in (
        ev.GROUP_COMBINE, ev.GROUP_MOVE, ev.GROUP_CREATE, ev.GROUP_MERGE,
        ev.GROUP_RENAME, ev.GROUP_DISSOLVE)},
    ev.VOTE_ADD: frozenset({Role.PARTICIPANT}),
    ev.VOTE_REMOVE: frozenset({Role.PARTICIPANT}),
    # Grouping help is advice for whoever groups on the big screen: staff only.
    ev.SUGGEST_GET: STAFF,
    ev.SUGGEST_DRAFT: STAFF,
    ev.SUGGEST_DISMISS: STAFF,
}

# HTTP routes beyond the public pages (start, join, QR, privacy): who may use them.
ROUTES: dict[str, frozenset[Role]] = {
    "facilitate.console": frozenset({Role.FACILITATOR}),
    "facilitate.cofacilitator_console": frozenset({Role.COFACILITATOR}),
    "facilitate.screen": frozenset({Role.PROJECTOR}),
    "facilitate.cofacilitator_link": frozenset({Role.FACILITATOR}),
    "facilitate.cofacilitator_revoke": frozenset({Role.FACILITATOR}),
    # Replacing the projector link, or the facilitator link itself (and the links
    # made from it): the facilitator only, never a co-facilitator.
    "facilitate.new_projector_link": frozenset({Role.FACILITATOR}),
    "facilitate.new_facilitator_link": frozenset({Role.FACILITATOR}),
    "facilitate.delete_workshop": frozenset({Role.FACILITATOR}),
    # Reports and exports of one workshop (app/web/reports.py).
    "reports.report": frozenset({Role.FACILITATOR}),
    "reports.export": frozenset({Role.FACILITATOR}),
    "reports.cofacilitator_report": frozenset({Role.COFACILITATOR}),
    "reports.cofacilitator_export": frozenset({Role.COFACILITATOR}),
    # Series of workshops and their synthesis (app/web/series.py). Adding an
    # existing workshop also needs that workshop's facilitator link in the form.
    "series.start": frozenset({Role.FACILITATOR}),
    "series.overview": frozenset({Role.SERIES}),
    "series.add_workshop": frozenset({Role.SERIES}),
    "series.new_workshop": frozenset({Role.SERIES}),
    "series.remove_workshop": frozenset({Role.SERIES}),
    "series.synthesis": frozenset({Role.SERIES}),
    "series.link_themes": frozenset({Role.SERIES}),
    "series.unlink_theme": frozenset({Role.SERIES}),
    "series.rename_theme": frozenset({Role.SERIES}),
    "series.export": frozenset({Role.SERIES}),
}


def require(role: Role, event: str) -> None:
    """Raise ``forbidden`` unless ``role`` may send ``event``."""
    if role not in ALLOWED.get(event, frozenset()):
        raise DomainError("forbidden")


class Principal:
    """Who is behind one connection or request, and in which workshop."""

    __slots__ = ("role", "workshop_id", "participant_id", "credential", "nonce")

    def __init__(self, role: Role, workshop_id: int, participant_id: int | None = None,
                 credential: str | None = None, nonce: str | None = None):
        self.role = role
        self.workshop_id = workshop_id
        self.participant_id = participant_id
        # The digest of the secret link it came with (facilitator, co-facilitator,
        # projector), re-checked per request: links can be replaced.
        self.credential = credential
        # The workshop's access nonce at authentication, re-checked per request: a
        # principal of a deleted workshop never matches one created later.
        self.nonce = nonce

    @property
    def audience(self) -> str:
        """The audience this principal's events are shaped for: co-facilitators see
        what the facilitator sees."""
        return Role.FACILITATOR.value if self.role.is_staff else self.role.value

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Principal({self.role.value}, w={self.workshop_id}, p={self.participant_id})"


def credential_holds(principal: Principal, access_nonce: str | None,
                     link_digests: Mapping[str, str | None]) -> bool:
    """Whether what a connection authenticated with still holds against its workshop's
    current row (``access_nonce`` None: the workshop is gone; ``link_digests``: the
    current link digest per role value, ``Workshop.link_digests()``).

    The workshop must still be the one it was (same access nonce: ids are never
    reused, and the nonce makes sure of it), and a facilitator's, co-facilitator's or
    projector's link must still be the current one (links can be replaced).
    """
    if access_nonce is None or not hmac.compare_digest(access_nonce, principal.nonce or ""):
        return False
    if principal.role is Role.PARTICIPANT:
        return True
    current = link_digests.get(principal.role.value)
    return current is not None and hmac.compare_digest(current, principal.credential or "")
