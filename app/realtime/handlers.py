"""Socket.IO handlers: thin glue that validates, checks the role, calls a service, acks.

Every client request is answered through its acknowledgement with
``{"ok": true, ...}`` or ``{"ok": false, "error": {"code", "message"}}``;
the message is translated into the language of the socket's page.
"""
from __future__ import annotations

import logging
from typing import Callable

from flask import current_app, request, session
from flask_babel import force_locale
from flask_socketio import ConnectionRefusedError as SocketRefused, join_room
from sqlalchemy.exc import TimeoutError as PoolTimeout

from .. import gc_pacing, offload
from ..domain import events as ev
from ..domain.errors import DomainError
from ..domain.roles import Principal, Role, require
from ..i18n import SUPPORTED
from ..messages import error_payload
from ..web.csrf import FIELD as CSRF_FIELD
from ..services import (boards, grouping, note_batch, notes, participants, suggestions, voting,
                        workshops)
from . import connections
from .wire_json import TOO_DEEP
from .publish import audience_room, link_room, participant_room, publisher, workshop_room

log = logging.getLogger(__name__)

Action = Callable[[Principal, dict], dict]

def _vote_progress(workshop_id: int, board_id: int) -> None:
    current_app.extensions["verksted_vote_progress"].changed((workshop_id, board_id))


def send_vote_progress(key: tuple[int, int]) -> None:
    """Coalesced ``votes:progress`` to the facilitator and projector of a board."""
    publisher.to_audiences(key[0], ev.VOTES_PROGRESS, voting.progress_payloads(*key))


def send_note_count(key: tuple[int, int]) -> None:
    """Coalesced ``board:count`` (notes on a board while writing is hidden) to the projector."""
    publisher.to_audiences(key[0], ev.BOARD_COUNT, {"projector": notes.count_payload(key[1])})


def send_suggestions(key: tuple[int, int]) -> None:
    """Coalesced ``suggestions`` for one board, to the facilitator audience only.

    At most one refresh per board every ``_Pacer.gap`` seconds, and the
    push goes out only when the advice changed (issue 12 item 7).
    One refresh per board at a time: a change while one runs (it may wait long
    for the idle-priority embedding process) makes it run once more after, instead
    of starting another that would read the board and wait beside it.
    """
    workshop_id, board_id = key
    if not pacer.begin(board_id):
        return
    try:
        while True:
            if not suggestions.board_of_workshop(workshop_id, board_id):
                return
            pacer.wait_turn(board_id)
            ticket = pacer.ticket(board_id)
            payload = suggestions.for_board(board_id, run=offload.in_thread)
            if pacer.changed(board_id, payload, ticket):
                publisher.to_audiences(workshop_id, ev.SUGGESTIONS, {"facilitator": payload})
            if not pacer.again(board_id):
                return
    finally:
        pacer.end(board_id)


class _Pacer:
    """Per board: when the last refresh ran and what it last pushed (event loop only).

    Two refreshes of one board may overlap (the first one waits for the
    embedding process, or for a native thread, while the board changes again).
    Each takes a ticket when it reads the board; one that finishes after a
    later-read one has been handled is dropped, or its older advice would be
    the last word on the facilitator's screen until the next change.
    """

    gap = 1.0  # seconds between two refreshes of one board, whatever the burst

    def __init__(self) -> None:
        self.last: dict[int, float] = {}
        self.sent: dict[int, dict] = {}
        self.issued = 0  # tickets of all boards, in the order the refreshes read them
        self.handled: dict[int, int] = {}
        self.running: dict[int, bool] = {}  # board -> changed again while refreshing

    def begin(self, board_id: int) -> bool:
        """Start a refresh of ``board_id``; False (and noted) if one is running."""
        if board_id in self.running:
            self.running[board_id] = True
            return False
        self.running[board_id] = False
        return True

    def again(self, board_id: int) -> bool:
        """Whether the board changed during the refresh that just ended (and reset)."""
        changed, self.running[board_id] = self.running[board_id], False
        return changed

    def end(self, board_id: int) -> None:
        self.running.pop(board_id, None)

    def ticket(self, board_id: int) -> int:
        """The order of a refresh of ``board_id`` that is about to read the board."""
        self.issued += 1
        return self.issued

    def wait_turn(self, board_id: int) -> None:
        import time
        from ..extensions import socketio
        due = self.last.get(board_id, 0.0) + self.gap - time.monotonic()
        if due > 0:
            socketio.sleep(due)
        self.last[board_id] = time.monotonic()

    def changed(self, board_id: int, payload: dict, ticket: int | None = None) -> bool:
        """Whether ``payload`` should be pushed: newer than what was handled, and new."""
        if ticket is not None:
            if ticket < self.handled.get(board_id, 0):
                return False  # a refresh that read the board later has answered already
            self.handled[board_id] = ticket
        if self.sent.get(board_id) == payload:
            return False
        if len(self.sent) > 10_000:
            self.sent.clear()
            self.handled.clear()
        self.sent[board_id] = payload
        return True


pacer = _Pacer()


def _grouping(operation: str) -> Action:
    return lambda p, d: grouping.apply(p, operation, d)


ACTIONS: dict[str, Action] = {
    ev.SNAPSHOT_GET: lambda p, d: {"snapshot": _snapshot(p)},
    ev.NOTE_CREATE: lambda p, d: notes.create(p, d.get("board_id"), d.get("text"),
                                              d.get("cid")),
    ev.NOTE_CREATE_MANY: lambda p, d: note_batch.create_many(p, d.get("board_id"), d.get("notes")),
    ev.NOTE_UPDATE: lambda p, d: notes.update(p, d.get("note_id"), d.get("text")),
    ev.NOTE_DELETE: lambda p, d: notes.delete(p, d.get("note_id")),
    ev.WORKSHOP_SHOW_BOARD: lambda p, d: workshops.show_board(p, d.get("board_id")),
    ev.WORKSHOP_SETTINGS: lambda p, d: workshops.update_settings(p, d.get("settings")),
    ev.PARTICIPANT_RENAME: lambda p, d: participants.rename(p, d.get("name")),
    ev.NOTE_MODERATE: lambda p, d: notes.moderate(p, d.get("note_id"), d.get("hidden")),
    ev.BOARD_PHASE: lambda p, d: boards.set_phase(p, d.get("board_id"), d.get("phase")),
    ev.BOARD_SETTINGS: lambda p, d: boards.update_settings(p, d.get("board_id"),
                                                           d.get("settings")),
    ev.BOARD_TIMER: lambda p, d: boards.command_timer(p, d.get("board_id"), d.get("action"),
                                                      d.get("seconds")),
    ev.GROUP_COMBINE: _grouping("combine"),
    ev.GROUP_MOVE: _grouping("move"),
    ev.GROUP_CREATE: _grouping("create"),
    ev.GROUP_MERGE: _grouping("merge"),
    ev.GROUP_RENAME: _grouping("rename"),
    ev.GROUP_DISSOLVE: _grouping("dissolve"),
    ev.VOTE_ADD: lambda p, d: voting.add(p, d.get("board_id"), d.get("item"), d.get("cid"),
                                         progress=_vote_progress),
    ev.VOTE_REMOVE: lambda p, d: voting.remove(p, d.get("board_id"), d.get("item"),
                                               progress=_vote_progress),
    ev.SUGGEST_GET: lambda p, d: suggestions.get(p, d.get("board_id"), run=offload.in_thread),
    ev.SUGGEST_DRAFT: lambda p, d: suggestions.draft(p, d.get("board_id"), run=offload.in_thread),
    ev.SUGGEST_DISMISS: lambda p, d: _dismissed(p, suggestions.dismiss(p, d)),
}


def _dismissed(principal: Principal, answer: dict) -> dict:
    """After a dismissal the board's advice is refreshed for every facilitator screen."""
    current_app.extensions["verksted_suggestions"].changed(
        (principal.workshop_id, answer["board_id"]))
    return answer


def _snapshot(principal: Principal) -> dict:
    """The snapshot as docs/protocol.md shows it: with the presence count, on connect
    and on ``snapshot:get`` alike."""
    snapshot = workshops.snapshot(principal, current_app.extensions["verksted_snapshots"])
    snapshot["presence"] = _presence()[0].count(principal.workshop_id)
    return snapshot


# The fields each request must carry (docs/protocol.md, checked by
# tests/realtime/test_protocol_doc.py): a missing one is ``payload_invalid``, never
# read as "empty" (``participant:rename {}`` must not clear a name).
REQUIRED: dict[str, tuple[str, ...]] = {
    ev.SNAPSHOT_GET: (),
    ev.NOTE_CREATE: ("board_id", "text", "cid"),
    ev.NOTE_CREATE_MANY: ("board_id", "notes"),
    ev.NOTE_UPDATE: ("note_id", "text"),
    ev.NOTE_DELETE: ("note_id",),
    ev.NOTE_MODERATE: ("note_id", "hidden"),
    ev.WORKSHOP_SHOW_BOARD: ("board_id",),
    ev.WORKSHOP_SETTINGS: ("settings",),
    ev.PARTICIPANT_RENAME: ("name",),
    ev.BOARD_PHASE: ("board_id", "phase"),
    ev.BOARD_SETTINGS: ("board_id", "settings"),
    ev.BOARD_TIMER: ("board_id", "action"),
    ev.GROUP_COMBINE: ("note_id", "onto_note_id"),
    ev.GROUP_MOVE: ("note_id", "group_id"),
    ev.GROUP_CREATE: ("note_ids",),
    ev.GROUP_MERGE: ("group_id", "into_group_id"),
    ev.GROUP_RENAME: ("group_id", "title"),
    ev.GROUP_DISSOLVE: ("group_id",),
    ev.VOTE_ADD: ("board_id", "item", "cid"),
    ev.VOTE_REMOVE: ("board_id", "item"),
    ev.SUGGEST_GET: ("board_id",),
    ev.SUGGEST_DRAFT: ("board_id",),
    ev.SUGGEST_DISMISS: ("board_id", "note_id", "group_id"),
}

# The fields a request may leave out. A field neither required nor optional is
# ``payload_invalid`` too: a misspelt field ({"hiden": true}) is never silently ignored.
OPTIONAL: dict[str, tuple[str, ...]] = {
    ev.BOARD_TIMER: ("seconds",),
    ev.GROUP_CREATE: ("title",),
}


def _fields_valid(event: str, data: dict) -> bool:
    """Every required field present and no field the protocol does not name."""
    required = REQUIRED.get(event, ())
    allowed = set(required) | set(OPTIONAL.get(event, ()))
    return all(field in data for field in required) and all(key in allowed for key in data)


def _presence():
    return current_app.extensions["verksted_presence"]


def _refuse(code: str):
    """Refuse a handshake: the client's ``connect_error`` carries ``{code, message}``."""
    payload = error_payload(DomainError(code))
    raise SocketRefused(payload["message"], payload)


def visitor() -> str | None:
    """The browser's session (its CSRF token), to tell visitors behind one address apart."""
    return session.get(CSRF_FIELD)


def on_connect(auth=None):
    """Any client connects: authenticate, join rooms, send the snapshot.

    A refused handshake gets a ``connect_error`` whose ``data`` is
    ``{"code", "message"}`` (message translated). When every database connection
    stayed busy for ``DB_POOL_TIMEOUT`` the code is ``busy`` (the client asks again
    shortly) and nothing of the half-made connection is kept.
    """
    gc_pacing.active()
    asked = auth.get("lang") if isinstance(auth, dict) else None
    try:
        return _admit(auth, asked)
    except PoolTimeout:
        if connections.get(request.sid) is not None:
            on_disconnect()  # presence, as if it had left
        with force_locale(asked if asked in SUPPORTED else "nb"):
            _refuse("busy")


def _admit(auth, asked: str | None) -> bool:
    """``on_connect`` itself; the snapshot is read after joining the rooms, so no
    event falls between the two."""
    limiter = current_app.extensions["verksted_limiter"]
    address = request.remote_addr
    with force_locale(asked if asked in SUPPORTED else "nb"):
        principal = connections.authenticate(auth, request.cookies)
        ended = connections.ended_link(auth) if principal is None else None
        if ended:
            _refuse(ended)  # a real link that was replaced: said so, and not a guess
        if principal is None:
            # Only failures count, and only failures are refused once the limit is
            # reached: a valid link or cookie never pays for others' mistakes.
            blocked = limiter.guessing_blocked(address, visitor())
            limiter.failed_guess(address, visitor())
            _refuse("rate_limited" if blocked else "not_admitted")
    # The cap on sockets per address was applied at the Engine.IO handshake already
    # (app/realtime/sessions.py): a session is counted whether or not it ever gets here.
    workshop = workshops.get(principal.workshop_id)
    locale = asked if asked in SUPPORTED else workshop.language if workshop else "nb"
    connections.remember(request.sid, principal, locale)
    join_room(workshop_room(principal.workshop_id))
    join_room(audience_room(principal.workshop_id, principal.audience))
    if principal.credential:
        join_room(link_room(principal.workshop_id, principal.credential))
    if principal.role is Role.PARTICIPANT:
        join_room(participant_room(principal.participant_id))
    _still_admitted(principal, auth, locale)
    if principal.role is Role.PARTICIPANT:
        presence, notifier = _presence()
        presence.join(principal.workshop_id, principal.participant_id)
        notifier.changed(principal.workshop_id)
    current_app.extensions["socketio"].emit(ev.SNAPSHOT, _snapshot(principal), to=request.sid)
    return True


def _still_admitted(principal: Principal, auth: object, locale: str) -> None:
    """Refuse a handshake whose link was replaced (or workshop deleted) while it ran.

    The rooms are joined first: a link ended before this check is seen here, one
    ended after it closes rooms this socket is already in. Never neither.
    """
    if workshops.credential_valid(principal):
        return
    connections.forget(request.sid)
    with force_locale(locale):
        _refuse(connections.ended_link(auth) or "not_admitted")


def on_disconnect(*_args):
    """A socket went away: update presence."""
    connection = connections.forget(request.sid)
    if connection and connection.principal.role is Role.PARTICIPANT:
        presence, notifier = _presence()
        presence.leave(connection.principal.workshop_id, connection.principal.participant_id)
        notifier.changed(connection.principal.workshop_id)


# Group-committed writes whose credential the batch checks, one read of the workshop
# for the whole batch (services/unit.py, ``_admitted``), not one per request here.
_CHECKED_IN_BATCH = frozenset({ev.NOTE_CREATE, ev.VOTE_ADD})

_LIMITED = {ev.NOTE_CREATE: "notes", ev.VOTE_ADD: "votes", ev.VOTE_REMOVE: "votes"}


def _within_limits(event: str, principal: Principal) -> None:
    """Refuse a request over the flood limits; only the flooding client is slowed."""
    limiter = current_app.extensions["verksted_limiter"]
    if not limiter.allow("requests", request.sid):
        raise DomainError("rate_limited")
    kind = _LIMITED.get(event)
    if kind and principal.participant_id is not None:
        if not limiter.allow(kind, f"p{principal.participant_id}"):
            raise DomainError("rate_limited")


class Lifecycle:
    """Requests in flight, and whether the worker is shutting down."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.draining = False


lifecycle = Lifecycle()


def handle(event: str, data: object) -> dict:
    """Run one client request: role check, payload check, service call, ack.

    Only a refusal is translated (into the socket page's language): no service
    answer carries text to translate, and entering the locale costs more than a
    dot's own checks.
    """
    gc_pacing.active()
    connection = connections.get(request.sid)
    if connection is None:
        return {"ok": False, "error": {"code": "forbidden", "message": ""}}
    if lifecycle.draining:
        return _refused(connection, DomainError("server_restarting"))
    lifecycle.in_flight += 1
    try:
        require(connection.principal.role, event)
        _within_limits(event, connection.principal)
        if event not in _CHECKED_IN_BATCH and not workshops.credential_valid(
                connection.principal):
            raise DomainError("access_revoked")
        if data is None:
            data = {}
        if not isinstance(data, dict) or not _bounded(data) or not _fields_valid(event, data):
            raise DomainError("payload_invalid")
        return {"ok": True, **ACTIONS[event](connection.principal, data)}
    except DomainError as error:
        return _refused(connection, error)
    except PoolTimeout:  # every database connection busy for DB_POOL_TIMEOUT: retry later
        return _refused(connection, DomainError("busy"))
    except Exception:  # noqa: BLE001 - a client must always get an answer
        log.exception("socket event %s failed", event)
        return _refused(connection, DomainError("internal"))
    finally:
        lifecycle.in_flight -= 1


def _refused(connection, error: DomainError) -> dict:
    """A refusal, its message in the language of the socket's page."""
    with force_locale(connection.locale):
        return {"ok": False, "error": error_payload(error)}


_INT64 = 2 ** 63
_MAX_DEPTH = 16


def _bounded(value: object, depth: int = 0) -> bool:
    """Whether a payload fits the database and the handlers: integers in 64 bits (every
    id column), nesting no deeper than any request needs."""
    if depth > _MAX_DEPTH:
        return False
    if isinstance(value, bool) or not isinstance(value, (int, list, dict)):
        return True
    if isinstance(value, int):
        return -_INT64 <= value < _INT64
    items = value.values() if isinstance(value, dict) else value
    return all(_bounded(item, depth + 1) for item in items)


def on_unknown(event: str, *_args) -> dict:
    """Any request the server does not know (or could not decode) is answered, never dropped."""
    connection = connections.get(request.sid)
    with force_locale(connection.locale if connection else "nb"):
        code = "payload_invalid" if event == TOO_DEEP else "event_unknown"
        return {"ok": False, "error": error_payload(DomainError(code))}


def register(socketio) -> None:
    """Attach every handler to the SocketIO instance."""
    socketio.on_event("connect", on_connect)
    socketio.on_event("disconnect", on_disconnect)
    socketio.on_event("*", on_unknown)
    for event in ACTIONS:
        socketio.on_event(
            event, lambda *args, _event=event: handle(_event, args[0] if args else None))
