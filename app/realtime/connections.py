"""Who is behind each socket of this worker.

A socket authenticates once, in the Socket.IO ``connect`` handshake: the
facilitator and projector with their secret link, a participant with the
join code plus the participant cookie set by the join page. The principal
is kept here by socket id; socket ids are local to a worker, so this is the
one piece of per-worker memory that is allowed to stay in memory.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..domain.roles import Principal, Role
from ..services import links, participants, workshops


@dataclass
class Connection:
    """One authenticated socket."""

    principal: Principal
    locale: str


_connections: dict[str, Connection] = {}
_LINK_ROLES = tuple(role.value for role in links.DIGEST_COLUMNS)


def participant_cookie(workshop_id: int) -> str:
    """Name of the cookie holding a participant's token for one workshop."""
    return f"vp{workshop_id}"


def authenticate(auth: object, cookies) -> Principal | None:
    """The principal a handshake proves, or ``None``.

    A link's principal carries the link's digest: every request re-checks that the
    link is still the current one (it may have been replaced since).
    """
    if not isinstance(auth, dict):
        return None
    role = auth.get("role")
    if role in _LINK_ROLES:
        workshop = workshops.by_secret(Role(role), auth.get("secret"))
        if workshop is None:
            return None
        return Principal(Role(role), workshop.id, nonce=workshop.access_nonce,
                         credential=getattr(workshop, links.DIGEST_COLUMNS[Role(role)]))
    if role == Role.PARTICIPANT.value:
        workshop = workshops.by_join_code(auth.get("code"))
        if workshop is None:
            return None
        participant_id = participants.known(
            workshop.id, cookies.get(participant_cookie(workshop.id)))
        if participant_id is None:
            return None
        return Principal(Role.PARTICIPANT, workshop.id, participant_id,
                         nonce=workshop.access_nonce)
    return None


def ended_link(auth: object) -> str | None:
    """For a handshake that came with a link that was replaced or switched off, the
    reason's error code (not a guess: it was a real link); otherwise ``None``."""
    if not isinstance(auth, dict) or auth.get("role") not in _LINK_ROLES:
        return None
    retired = links.retired(Role(auth["role"]), auth.get("secret"))
    return retired.code if retired else None


def remember(sid: str, principal: Principal, locale: str) -> None:
    """Keep the principal of a connected socket."""
    _connections[sid] = Connection(principal, locale)


def forget(sid: str) -> Connection | None:
    """Drop a disconnected socket."""
    return _connections.pop(sid, None)


def get(sid: str) -> Connection | None:
    """The connection of a socket id on this worker."""
    return _connections.get(sid)
