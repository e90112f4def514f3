"""Units of work that change shared state and then publish, in order.

A write to a board takes a per-board lock in this process, opens a
transaction and locks the board's row, applies the change, bumps the
board's version when the change is public, commits, and only then publishes
the events it queued. So an acknowledgement and every broadcast follow the
commit, and one process publishes a board's versions in commit order.
Ordering across several worker processes is restored by the clients, which
apply versioned events in version order (see docs/protocol.md).

The hot writes (notes posted, dots placed and taken back) go through
``board_batch`` or ``board_many``: a group commit. Requests for one board
queue up; whoever holds the board's lock applies everything queued in ONE
transaction and commits once — one fsync for the whole batch,
``synchronous=FULL`` kept — and only then publishes every request's events
in order and wakes each waiting request with its own answer. A
``board_batch`` request runs inside its own SAVEPOINT (a refused request
rolls back alone); neighbouring ``board_many`` requests of one kind (dots
placed) are applied together, set-based: a few reads for all of them, one
insert, each answered on its own, one SAVEPOINT for the run and, should a
statement fail, each request of the run again on its own. Credentials of
queued requests are checked once per batch, against the workshop read under
the board's lock. On PostgreSQL the batch holds the board's row lock
(``SELECT … FOR UPDATE``) for its one transaction, so several workers still
serialise per board.
"""
from __future__ import annotations

import logging
import threading
from collections import defaultdict
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..domain.roles import Principal, credential_holds
from ..realtime.publish import publisher
from ..store import db, queries
from ..store.models import Board, Workshop

log = logging.getLogger(__name__)
_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
T = TypeVar("T")

# Called with (workshop id, board id) after every committed board change;
# the factory registers the grouping-help refresh here.
board_listeners: list = []
# Called with (workshop id, board id) after a commit that may have changed how many
# notes a board holds while writing is hidden; the factory registers the coalesced
# ``board:count`` here (at most a few per second per board, whatever the burst).
count_listeners: list = []
# Called with the workshop id right after every commit that changed a workshop or one
# of its boards, before its events go out; the factory registers the snapshot cache.
commit_listeners: list = []
# Objects with ``begin(workshop id)``, called once a write holds its row lock and
# before its transaction can commit, and ``end(workshop id)``, called after it
# ended (committed or not) and before its events go out. With several workers the
# factory registers the snapshot cache's ``SharedWrites`` (writes counted in Redis).
write_listeners: list = []


def _committed(workshop_id: int) -> None:
    for listener in commit_listeners:
        listener(workshop_id)


class _Writing:
    """Tells ``write_listeners`` that a write began, and exactly once that it ended."""

    def __init__(self) -> None:
        self.workshop_id: int | None = None

    def begin(self, workshop_id: int) -> None:
        self.workshop_id = workshop_id
        for listener in write_listeners:
            listener.begin(workshop_id)

    def lock_board(self, session: Session, board_id: int) -> Board:
        """The board's row, locked for this write (``board_unknown`` if it is gone)."""
        try:
            row = queries.lock_board(session, board_id)
        except NoResultFound:
            raise DomainError("board_unknown") from None
        self.begin(row.workshop_id)
        return row

    def end(self) -> None:
        workshop_id, self.workshop_id = self.workshop_id, None
        if workshop_id is not None:
            for listener in write_listeners:
                listener.end(workshop_id)


class Change:
    """The session of one write, the locked row, and the events to publish after commit."""

    def __init__(self, session: Session, row: Board | Workshop, *, shared: bool = False) -> None:
        self.session = session
        self.row = row
        # A run of ``board_many`` requests shares one Change: its versions are flushed
        # once, when the run's SAVEPOINT is released, not once per bump.
        self.shared = shared
        self.version: int | None = None
        self._outbox: list[tuple] = []

    def bump(self) -> int:
        """Increase the locked row's version for one public event and return it."""
        self.row.version += 1
        if not self.shared:
            self.session.flush()
        self.version = self.row.version
        return self.version

    def publish(self, workshop_id: int, event: str, payloads: dict) -> None:
        """Queue ``event`` for after the commit; ``payloads`` maps audience to payload."""
        self._outbox.append(("audiences", workshop_id, event, payloads))

    def publish_to_participant(self, participant_id: int, event: str, payload: dict) -> None:
        """Queue an event for one participant's own screens."""
        self._outbox.append(("participant", participant_id, event, payload))

    def publish_to_room(self, room: str, event: str, payload: dict) -> None:
        """Queue an event for one named room."""
        self._outbox.append(("room", room, event, payload))

    def count_changed(self, workshop_id: int, board_id: int) -> None:
        """After the commit, tell the count listeners (the projector's note count)."""
        self._outbox.append(("count", (workshop_id, board_id), None, None))

    def flush(self) -> None:
        """Publish everything queued, in order."""
        for kind, target, event, payload in self._outbox:
            if kind == "audiences":
                publisher.to_audiences(target, event, payload)
            elif kind == "participant":
                publisher.to_participant(target, event, payload)
            elif kind == "count":
                for listener in count_listeners:
                    listener(*target)
            else:
                publisher.to_room(target, event, payload)


# Boards never move to another workshop, so once a board has been seen in a workshop
# a request naming it needs no look-up of its own: ``board_change`` reads the row
# under its lock anyway, and answers ``board_unknown`` if it has been deleted since.
_board_workshop: dict[int, int] = {}


def board_id_for(principal: Principal, board_id: object) -> int:
    """The id of a board of the principal's workshop, or ``board_unknown``."""
    if (isinstance(board_id, int) and not isinstance(board_id, bool)
            and _board_workshop.get(board_id) == principal.workshop_id):
        return board_id
    with db.session() as session:
        board = queries.board_in_workshop(session, principal.workshop_id, board_id)
        if board is None:
            raise DomainError("board_unknown")
        if len(_board_workshop) > 100_000:
            _board_workshop.clear()
        _board_workshop[board.id] = board.workshop_id
        return board.id


@contextmanager
def board_change(board_id: int) -> Iterator[Change]:
    """A write to one board; ``change.row`` is the locked board."""
    with _locks[f"b{board_id}"]:
        writing = _Writing()
        try:
            with db.session() as session:
                change = Change(session, writing.lock_board(session, board_id))
                yield change
        finally:
            writing.end()
        _committed(change.row.workshop_id)
        change.flush()
    for listener in board_listeners:
        listener(change.row.workshop_id, board_id)


@contextmanager
def workshop_change(workshop_id: int) -> Iterator[Change]:
    """A write to workshop-level state; ``change.row`` is the locked workshop."""
    with _locks[f"w{workshop_id}"]:
        writing = _Writing()
        try:
            with db.session() as session:
                row = queries.lock_workshop(session, workshop_id)
                writing.begin(workshop_id)
                change = Change(session, row)
                yield change
        finally:
            writing.end()
        _committed(workshop_id)
        change.flush()


# Applies a run of queued requests of one kind: one answer (a result or an exception
# to raise to that caller) per request, in order.
Many = Callable[[Change, list], list]


class _Request:
    """One queued write to a board and, once its batch committed, its outcome.

    Either ``work(change)`` (one request, in its own SAVEPOINT) or ``many`` and
    ``args``: requests of one kind queued next to each other are applied together
    by ``many(change, [args, ...])``, set-based (see ``board_many``).
    """

    __slots__ = ("work", "many", "args", "principal", "change", "result", "error", "done")

    def __init__(self, work: Callable[[Change], object] | None = None,
                 many: Many | None = None, args: object = None,
                 principal: Principal | None = None) -> None:
        self.work = work
        self.many = many
        self.args = args
        self.principal = principal  # whose credential the batch checks (None: checked before)
        self.change: Change | None = None
        self.result: object = None
        self.error: BaseException | None = None
        self.done = False


_queues: defaultdict[int, list[_Request]] = defaultdict(list)
# Batches applied and requests they held, per process (the CI smoke check reads them).
stats = {"batches": 0, "requests": 0}


def _yield() -> None:
    """Let every greenlet that is ready run once, so their writes join this batch."""
    from ..extensions import socketio
    socketio.sleep(0)


def board_batch(board_id: int, work: Callable[[Change], T],
                principal: Principal | None = None) -> T:
    """Apply ``work(change)`` to one board as part of a group commit.

    ``work`` runs under the board's row lock with a ``Change`` of its own (its
    own events and version) sharing the batch's session. It returns this
    request's answer or raises; either reaches only this caller, after the
    batch's commit and after its events were published. With ``principal`` the
    batch first checks that its credential still holds (``access_revoked``
    otherwise), reading the workshop once for the whole batch.
    """
    return _wait(board_id, _Request(work, principal=principal))


def board_many(board_id: int, many: Many, args: object, principal: Principal | None = None):
    """Apply ``many(change, [args, …])`` to one board as part of a group commit.

    The requests with the same ``many`` that queued next to each other are
    applied together, set-based: ``many`` reads what it needs for all of them at
    once and answers each on its own (a refused one changes nothing), sharing one
    ``Change``. Should a statement fail, the run is rolled back to its savepoint
    and each request applied alone, so the others still get their answer.
    """
    return _wait(board_id, _Request(many=many, args=args, principal=principal))


def _wait(board_id: int, request: _Request):
    """Queue ``request`` on its board, apply the queue or wait for whoever does."""
    _queues[board_id].append(request)
    _yield()
    with _locks[f"b{board_id}"]:
        if not request.done:
            batch = _queues.pop(board_id, [])
            if request not in batch:  # threading mode: appended to a list already taken
                batch.append(request)
            _apply(board_id, batch)
    if request.error is not None:
        raise request.error
    return request.result


def _apply(board_id: int, batch: list[_Request]) -> None:
    """One transaction for ``batch``; every request ends with a result or an error."""
    writing = _Writing()
    try:
        with db.session() as session:
            row = writing.lock_board(session, board_id)
            for run in _runs(_admitted(session, row, batch)):
                if run[0].many is None or not _apply_many(session, row, run):
                    for request in run:
                        _apply_one(session, row, request)
            workshop_id = row.workshop_id
    except BaseException as error:  # the commit failed: nothing of the batch was stored
        writing.end()
        for request in batch:
            request.error, request.change, request.done = error, None, True
        if not isinstance(error, Exception):
            raise
        return
    writing.end()
    stats["batches"] += 1
    stats["requests"] += len(batch)
    if any(request.change is not None for request in batch):
        _committed(workshop_id)
    flushed: set[int] = set()
    for request in batch:
        if request.change is not None and id(request.change) not in flushed:
            flushed.add(id(request.change))
            request.change.flush()
        request.done = True
    if flushed:
        for listener in board_listeners:
            listener(workshop_id, board_id)


def _admitted(session: Session, row: Board, batch: list[_Request]) -> list[_Request]:
    """The requests whose credential still holds; the others are refused here.

    One read of the workshop for the whole batch instead of one per request
    (``workshops.credential_valid``), under the board's lock, so a link revoked
    before the batch refuses every request in it.
    """
    if all(request.principal is None for request in batch):
        return batch
    workshop = queries.workshop(session, row.workshop_id)
    nonce, digests = ((workshop.access_nonce, workshop.link_digests())
                      if workshop is not None else (None, {}))
    admitted = []
    for request in batch:
        if request.principal is None or credential_holds(request.principal, nonce, digests):
            admitted.append(request)
        else:
            request.error = DomainError("access_revoked")
    return admitted


def _runs(batch: list[_Request]) -> Iterator[list[_Request]]:
    """The batch cut into runs of neighbours applied the same way, in queue order."""
    run: list[_Request] = []
    for request in batch:
        if run and (request.many is None or request.many is not run[0].many):
            yield run
            run = []
        run.append(request)
    if run:
        yield run


def _apply_many(session: Session, row: Board, run: list[_Request]) -> bool:
    """A run of one kind set-based in one SAVEPOINT; False if it had to be undone."""
    change = Change(session, row, shared=True)
    try:
        with session.begin_nested():
            answers = run[0].many(change, [request.args for request in run])
    except Exception:  # noqa: BLE001 - a statement failed: each request on its own
        log.exception("a batch of %d requests failed; applying them one by one", len(run))
        return False
    for request, answer in zip(run, answers, strict=True):
        if isinstance(answer, Exception):
            request.error, request.change = answer, None
        else:
            request.result, request.change = answer, change
    return True


def _apply_one(session: Session, row: Board, request: _Request) -> None:
    """One request in its own SAVEPOINT: refused, it rolls back alone."""
    request.change = Change(session, row)
    try:
        with session.begin_nested():
            if request.work is not None:
                request.result = request.work(request.change)
            else:
                answer, = request.many(request.change, [request.args])
                if isinstance(answer, Exception):
                    raise answer
                request.result = answer
    except Exception as error:  # noqa: BLE001 - answered to its own caller
        request.error, request.change = error, None
