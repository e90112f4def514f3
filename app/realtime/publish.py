"""The one place that emits to sockets.

Rooms: every connection joins its workshop's room ``w<id>`` and its audience
room (``w<id>:facilitator``, ``w<id>:projector`` or ``w<id>:participant``); a
participant also joins ``p<id>`` for events meant only for them, and a
facilitator, co-facilitator or projector ``w<id>:link:<digest>`` for the link it
came with (to end that link's sockets alone). With
several workers Flask-SocketIO's message queue carries each emit to the
workers holding those rooms; nothing here knows about workers.
"""
from __future__ import annotations

from ..domain.roles import Role

# Co-facilitators receive what the facilitator receives (Principal.audience).
AUDIENCES = tuple(role.value for role in (Role.FACILITATOR, Role.PROJECTOR, Role.PARTICIPANT))


def audience_room(workshop_id: int, audience: str) -> str:
    """The room of one audience of one workshop."""
    return f"w{workshop_id}:{audience}"


def workshop_room(workshop_id: int) -> str:
    """The room every connection of one workshop is in (to disconnect them all)."""
    return f"w{workshop_id}"


def link_room(workshop_id: int, link_digest: str) -> str:
    """The room of the sockets that came with one secret link (its digest's start)."""
    return f"w{workshop_id}:link:{link_digest[:16]}"


def participant_room(participant_id: int) -> str:
    """The private room of one participant (all their tabs and phones)."""
    return f"p{participant_id}"


class Publisher:
    """Emits through the application's SocketIO instance once bound."""

    def __init__(self) -> None:
        self.socketio = None

    def init_app(self, socketio) -> None:
        """Bind to the Flask-SocketIO instance."""
        self.socketio = socketio

    def to_audiences(self, workshop_id: int, event: str, payloads: dict) -> None:
        """Emit ``event``; ``payloads`` maps an audience (or ``"*"``) to its payload.

        An audience missing from ``payloads`` gets nothing; ``"*"`` is the
        payload for every audience not named.
        """
        for audience in AUDIENCES:
            payload = payloads.get(audience, payloads.get("*"))
            if payload is not None:
                self.socketio.emit(event, payload, to=audience_room(workshop_id, audience))

    def to_participant(self, participant_id: int, event: str, payload: dict) -> None:
        """Emit to every connection of one participant."""
        self.socketio.emit(event, payload, to=participant_room(participant_id))

    def to_room(self, room: str, event: str, payload: dict) -> None:
        """Emit to one named room."""
        self.socketio.emit(event, payload, to=room)

    def evict(self, room: str) -> None:
        """Disconnect every socket in ``room``, on every worker (see eviction.py)."""
        self.socketio.close_room(room)


publisher = Publisher()
