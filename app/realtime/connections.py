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
from ..services import participants, workshops


@dataclass
class Connection:
    """One authenticated socket."""

    principal: Principal
    locale: str


_connections: dict[str, Connection] = {}


def participant_cookie(workshop_id: int) -> str:
    """Name of the cookie holding a participant's token for one workshop."""
    return f"vp{workshop_id}"


def authenticate(auth: object, cookies) -> Principal | None:
    """The principal a handshake proves, or ``None``."""
    if not isinstance(auth, dict):
        return None
    role = auth.get("role")
    if role in (Role.FACILITATOR.value, Role.PROJECTOR.value):
        workshop = workshops.by_secret(Role(role), auth.get("secret"))
        return Principal(Role(role), workshop.id,
                         nonce=workshop.access_nonce) if workshop else None
    if role == Role.COFACILITATOR.value:
        workshop = workshops.by_secret(Role.COFACILITATOR, auth.get("secret"))
        if workshop is None:
            return None
        return Principal(Role.COFACILITATOR, workshop.id,
                         credential=workshop.cofacilitator_digest, nonce=workshop.access_nonce)
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


def remember(sid: str, principal: Principal, locale: str) -> None:
    """Keep the principal of a connected socket."""
    _connections[sid] = Connection(principal, locale)


def forget(sid: str) -> Connection | None:
    """Drop a disconnected socket."""
    return _connections.pop(sid, None)


def get(sid: str) -> Connection | None:
    """The connection of a socket id on this worker."""
    return _connections.get(sid)
