"""Anonymous participants: identity from a cookie token, optional first name."""
from __future__ import annotations

from ..domain import secrets, workshops as rules
from ..domain.errors import DomainError
from ..domain.roles import Principal
from ..store import db, queries


def identify(workshop_id: int, token: str | None) -> tuple[int, str]:
    """The participant id for a cookie token, creating the participant if new.

    Returns ``(participant_id, token)``; the token is fresh when the one given
    was missing or unknown, and the caller must then set the cookie.
    """
    with db.session() as session:
        if token:
            found = queries.participant_by_token(session, workshop_id, secrets.digest(token))
            if found is not None:
                return found.id, token
        token = secrets.new_secret()
        participant = queries.add_participant(session, workshop_id, secrets.digest(token))
        return participant.id, token


def known(workshop_id: int, token: object) -> int | None:
    """The participant id for a cookie token, without creating one."""
    if not isinstance(token, str) or not token:
        return None
    with db.session() as session:
        found = queries.participant_by_token(session, workshop_id, secrets.digest(token))
        return found.id if found else None


def rename(principal: Principal, raw_name: object) -> dict:
    """Set the first name shown on the participant's future notes.

    Only while the workshop allows names; notes already posted keep the name
    they were signed with, so nothing else changes on other screens.
    """
    name = rules.display_name(raw_name)
    with db.session() as session:
        workshop = queries.workshop(session, principal.workshop_id)
        if not workshop.allow_names:
            raise DomainError("names_not_allowed")
        queries.participant(session, principal.participant_id).name = name
    return {"name": name}
