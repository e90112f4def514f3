"""Secret links after creation: deriving the projector and co-facilitator links from the
facilitator's, replacing any of them, switching the co-facilitator link off, and telling
the holder of a retired link what happened.

Ending a link holds at once, everywhere: its digest is kept as retired (its page then
says it was replaced, not "no such page"), every socket that came with it is told
(``access:revoked`` with a translated reason) and disconnected on every worker, and
every later request is checked against the current digest (``workshops.credential_valid``).
Participants' phones never hold a link, so no rotation touches them.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale

from ..domain import events as ev
from ..domain import secrets
from ..domain.errors import DomainError
from ..domain.roles import Role
from ..messages import error_payload
from ..realtime.publish import link_room, publisher
from ..store import db, queries
from ..store.models import Workshop
from .unit import Change, workshop_change

# The column holding the digest of the link that opens each role.
DIGEST_COLUMNS = {Role(role): column for role, column in Workshop.LINK_COLUMNS.items()}

# What the holder of an ended link is told (messages.ERRORS), by the role it opened.
REASONS = {Role.FACILITATOR: "facilitator_link_replaced",
           Role.PROJECTOR: "projector_link_replaced",
           Role.COFACILITATOR: "access_revoked"}


def projector_secret_for(facilitator_secret: str, generation: int = 0) -> str:
    """The view-only projector link's secret, derived from the facilitator's; a new
    generation makes the old projector link useless (0: the link made at creation)."""
    return secrets.derive(facilitator_secret,
                          "projector" if generation == 0 else f"projector:{generation}")


def cofacilitator_secret_for(facilitator_secret: str, generation: int) -> str:
    """The co-facilitator link's secret; a new generation makes the old link useless."""
    return secrets.derive(facilitator_secret, f"cofacilitator:{generation}")


def new_projector_link(workshop_id: int, facilitator_secret: str) -> str:
    """Replace the projector link; open projector screens are told and disconnected."""
    with workshop_change(workshop_id) as change:
        change.row.projector_generation += 1
        secret = projector_secret_for(facilitator_secret, change.row.projector_generation)
        ended = [_replace(change, Role.PROJECTOR, secrets.digest(secret))]
    _evict(workshop_id, ended)
    return secret


def new_facilitator_link(workshop_id: int) -> str:
    """Replace the facilitator link with a fresh random one (as strong as at creation).

    The projector and co-facilitator links are derived from it and shown on its
    page, so whoever held the old link knew them too: they are replaced as well.
    Every screen opened with any of the old links is told and disconnected.
    """
    secret = secrets.new_secret()
    with workshop_change(workshop_id) as change:
        row = change.row
        ended = [
            _replace(change, Role.FACILITATOR, secrets.digest(secret)),
            _replace(change, Role.PROJECTOR, secrets.digest(
                projector_secret_for(secret, row.projector_generation))),
        ]
        if row.cofacilitator_digest:
            ended.append(_replace(change, Role.COFACILITATOR, secrets.digest(
                cofacilitator_secret_for(secret, row.cofacilitator_generation))))
    _evict(workshop_id, ended)
    return secret


def new_cofacilitator_link(workshop_id: int, facilitator_secret: str) -> str:
    """Make a (new) co-facilitator link; sockets opened with an earlier one are
    told and disconnected at once, on every worker."""
    with workshop_change(workshop_id) as change:
        change.row.cofacilitator_generation += 1
        secret = cofacilitator_secret_for(facilitator_secret,
                                          change.row.cofacilitator_generation)
        ended = [_replace(change, Role.COFACILITATOR, secrets.digest(secret))]
    _evict(workshop_id, ended)
    return secret


def revoke_cofacilitator_link(workshop_id: int) -> None:
    """Switch the co-facilitator link off; open co-facilitator screens are told and
    disconnected at once, on every worker."""
    with workshop_change(workshop_id) as change:
        ended = [_replace(change, Role.COFACILITATOR, None)]
    _evict(workshop_id, ended)


def _replace(change: Change, role: Role, new_digest: str | None) -> str | None:
    """Put ``new_digest`` in the role's column; the old link (returned) is retired and
    its sockets are told why, once the change is committed."""
    column = DIGEST_COLUMNS[role]
    old = getattr(change.row, column)
    setattr(change.row, column, new_digest)
    if old:
        queries.retire_link(change.session, change.row.id, role.value, old)
        with force_locale(change.row.language):
            reason = error_payload(DomainError(REASONS[role]))
        change.publish_to_room(link_room(change.row.id, old), ev.ACCESS_REVOKED, reason)
    return old


def _evict(workshop_id: int, ended: list[str | None]) -> None:
    """Disconnect, on every worker, the sockets that came with the ended links."""
    for digest in ended:
        if digest:
            publisher.evict(link_room(workshop_id, digest))


@dataclass(frozen=True)
class Retired:
    """What to tell whoever presents a link that no longer works."""

    code: str
    language: str


def retired(role: Role, secret: object) -> Retired | None:
    """Why a link that once opened ``role`` no longer does, or ``None`` if it never did."""
    if not secrets.plausible(secret) or role not in REASONS:
        return None
    with db.session() as session:
        link = queries.retired_link(session, secrets.digest(secret))
        if link is None or link.role != role.value:
            return None
        workshop = queries.workshop(session, link.workshop_id)
        return Retired(REASONS[role], workshop.language if workshop else "nb")
