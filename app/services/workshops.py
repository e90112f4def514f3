"""Creating workshops, finding them by their secrets, snapshots and settings."""
from __future__ import annotations

from dataclasses import dataclass

from ..domain import events as ev
from ..domain import secrets, workshops as rules
from ..domain.errors import DomainError
from ..domain.roles import Principal, Role, credential_holds
from ..store import db, queries
from ..store.models import Workshop
from ..realtime.publish import publisher, workshop_room
from ..realtime.wire_json import Spliced
from . import links, snapshots, views
from .snapshots import SnapshotCache
from .unit import workshop_change


@dataclass(frozen=True)
class CreatedWorkshop:
    """What the facilitator is handed once: the secrets are not stored in clear."""

    id: int
    join_code: str
    facilitator_secret: str
    projector_secret: str


def create(form: rules.WorkshopDraft) -> CreatedWorkshop:
    """Store a validated draft with fresh secrets and a unique join code."""
    facilitator_secret = secrets.new_secret()
    projector_secret = links.projector_secret_for(facilitator_secret)
    with db.session() as session:
        code = secrets.new_join_code()
        while queries.join_code_taken(session, code):
            code = secrets.new_join_code()
        workshop = queries.add_workshop(
            session, join_code=code, title=form.title, stakeholder=form.stakeholder,
            language=form.language, allow_names=form.allow_names,
            facilitator_digest=secrets.digest(facilitator_secret),
            projector_digest=secrets.digest(projector_secret),
            questions=form.questions)
        return CreatedWorkshop(workshop.id, code, facilitator_secret, projector_secret)


def by_secret(role: Role, secret: object) -> Workshop | None:
    """The workshop a facilitator, co-facilitator or projector secret opens, or ``None``.

    Only digests are stored; looking a digest up reveals nothing about the
    secret, and ``secrets.matches`` re-checks it in constant time.
    """
    if not secrets.plausible(secret):
        return None
    column = links.DIGEST_COLUMNS[role]
    with db.session() as session:
        workshop = queries.workshop_by(session, **{column: secrets.digest(secret)})
    if workshop is None or not secrets.matches(secret, getattr(workshop, column) or ""):
        return None
    return workshop


def credential_valid(principal: Principal) -> bool:
    """Whether what a connection authenticated with still holds (checked per request;
    the group-committed writes check it once per batch, see ``unit.board_many``)."""
    with db.session() as session:
        workshop = queries.workshop(session, principal.workshop_id)
        if workshop is None:
            return False
        return credential_holds(principal, workshop.access_nonce, workshop.link_digests())


def delete(workshop_id: int) -> None:
    """Delete a workshop and everything in it; every open screen is told, then
    disconnected, on every worker."""
    with workshop_change(workshop_id) as change:
        queries.delete_workshop(change.session, workshop_id)
        change.publish(workshop_id, ev.WORKSHOP_DELETED, {"*": {}})
    publisher.evict(workshop_room(workshop_id))
    db.forget_deleted()


def purge_older_than(days: int, now=None) -> int:
    """Delete workshops created more than ``days`` days ago; returns how many."""
    from datetime import timedelta
    moment = (now or views.now()) - timedelta(days=days)
    with db.session() as session:
        old = queries.workshops_created_before(session, moment)
    for workshop_id in old:
        delete(workshop_id)
    return len(old)


def by_join_code(raw: object) -> Workshop | None:
    """The workshop a typed or scanned join code opens, or ``None``."""
    code = secrets.parse_join_code(raw)
    if code is None:
        return None
    with db.session() as session:
        return queries.workshop_by(session, join_code=code)


def get(workshop_id: int) -> Workshop | None:
    """A workshop by id."""
    with db.session() as session:
        return queries.workshop(session, workshop_id)


def snapshot(principal: Principal, reads: SnapshotCache | None = None) -> dict:
    """Everything a client needs to draw its screen, shaped for its role.

    The boards come from ``reads`` (one read per workshop change, shared by every
    join) when given; only the participant's own notes, dots and name are added here.
    """
    shared = reads.get(principal.workshop_id) if reads else snapshots.read(principal.workshop_id)
    boards = [board.view(principal.role, principal.participant_id, personal=True)
              for board in shared.boards]
    you = {"role": principal.role.value}
    if principal.participant_id is not None:
        with db.session() as session:
            participant = queries.participant(session, principal.participant_id)
            you["name"] = participant.name if participant else ""
    # Spliced: the shared note lists are pasted in as JSON already encoded (wire_json).
    return Spliced(workshop=dict(shared.workshop), boards=boards, you=you,
                   server_now=views.iso(views.now()))


def show_board(principal: Principal, board_id: object) -> dict:
    """The facilitator moves every screen to another question."""
    with workshop_change(principal.workshop_id) as change:
        board = queries.board_in_workshop(change.session, principal.workshop_id, board_id)
        if board is None:
            raise DomainError("board_unknown")
        change.row.current_board_id = board.id
        change.bump()
        payload = {"workshop": views.workshop(change.row)}
        change.publish(change.row.id, ev.WORKSHOP_UPDATED, {"*": payload})
    return payload


def update_settings(principal: Principal, settings: object) -> dict:
    """Change workshop settings (now: whether participants may give a first name).

    Names show on notes, so every screen gets a fresh snapshot hint.
    """
    if not isinstance(settings, dict) or not isinstance(settings.get("allow_names"), bool):
        raise DomainError("settings_invalid")
    with workshop_change(principal.workshop_id) as change:
        change.row.allow_names = settings["allow_names"]
        change.bump()
        payload = {"workshop": views.workshop(change.row)}
        change.publish(change.row.id, ev.WORKSHOP_UPDATED, {"*": {**payload, "resync": True}})
    return payload
