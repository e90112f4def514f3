"""Grouping help for facilitators: suggested groups, possible duplicates, a first draft.

Features are computed once per note text and kept in this worker's memory
(``FeatureCache``); a refresh after a grouping change is then cheap sparse
arithmetic (about 40 ms for 500 notes, docs/grouping.md). Everything here is
advice: nothing is moved, merged or named until a facilitator accepts it.
"""
from __future__ import annotations

from ..domain import suggest
from ..domain.errors import DomainError
from ..domain.roles import Principal
from ..offload import native_lock
from ..store import db, flow, queries
from .unit import board_id_for

TOP = 3


class FeatureCache:
    """Note features by note id, recomputed only when a note's text changes."""

    def __init__(self, limit: int = 50_000) -> None:
        self._items: dict[int, tuple[str, suggest.NoteFeatures]] = {}
        self._lock = native_lock()  # also taken in offload threads
        self.limit = limit

    def features(self, notes: dict[int, str]) -> dict[int, suggest.NoteFeatures]:
        """Features for every note given (id -> text)."""
        result = {}
        for note_id, text in notes.items():
            with self._lock:
                cached = self._items.get(note_id)
            if cached is None or cached[0] != text:
                cached = (text, suggest.featurize(text))
                with self._lock:
                    if len(self._items) >= self.limit:
                        self._items.clear()
                    self._items[note_id] = cached
            result[note_id] = cached[1]
        return result


cache = FeatureCache()


class DuplicateCache:
    """Each board's duplicate pairs, kept up to date incrementally."""

    def __init__(self) -> None:
        self._boards: dict[int, tuple[dict[int, str], dict[frozenset, float]]] = {}
        self._lock = native_lock()  # also taken in offload threads

    def pairs(self, board_id: int, texts: dict[int, str],
              features: dict[int, suggest.NoteFeatures]) -> dict[frozenset, float]:
        with self._lock:
            known, previous = self._boards.get(board_id, ({}, {}))
        pairs = suggest.refresh_duplicates(previous, known, texts, features)
        with self._lock:
            self._boards[board_id] = (dict(texts), pairs)
        return pairs


duplicate_cache = DuplicateCache()


def _board_state(board_id: int) -> tuple[dict[int, str], dict[int, int | None], dict[int, str]]:
    with db.session() as session:
        notes = [n for n in flow.notes_of_board(session, board_id) if not n.hidden]
        titles = {g.id: g.title for g in flow.groups(session, board_id)}
    return ({n.id: n.text for n in notes}, {n.id: n.group_id for n in notes}, titles)


def for_board(board_id: int, run=None) -> dict:
    """Suggested groups for each ungrouped note, and possible duplicate pairs.

    The board is read here (on the event loop); ``run`` (``offload.in_thread``)
    computes the advice from that plain data in a real thread when given.
    """
    state = _board_state(board_id)
    return run(_advice, board_id, *state) if run else _advice(board_id, *state)


def _advice(board_id: int, texts: dict[int, str], assignment: dict[int, int | None],
            titles: dict[int, str]) -> dict:
    """The suggestions payload from plain data only: safe in a native thread."""
    features = cache.features(texts)
    ungrouped, groups = suggest.groups_from_assignment(assignment, titles)
    ranked = suggest.suggest_groups(ungrouped, groups, features, top=TOP) if groups else {}
    pairs = sorted(((*sorted(pair), score) for pair, score in
                    duplicate_cache.pairs(board_id, texts, features).items()),
                   key=lambda p: -p[2])
    return {
        "board_id": board_id,
        "suggestions": {str(note): [{"group_id": g, "score": round(s, 3)} for g, s in options]
                        for note, options in ranked.items() if options},
        "duplicates": [[a, b, round(s, 3)] for a, b, s in pairs
                       if assignment.get(a) is None or assignment.get(a) != assignment.get(b)],
    }


def get(principal: Principal, board_id: object) -> dict:
    """The current suggestions of a board (facilitators only, see roles.py)."""
    return for_board(board_id_for(principal, board_id))


def draft(principal: Principal, board_id: object, run=None) -> dict:
    """A proposed grouping of the ungrouped notes, each group with a short title.

    ``run`` executes the clustering off the event loop (a real thread) when given;
    the board is read before, on the event loop.
    """
    board = board_id_for(principal, board_id)
    texts, assignment, _titles = _board_state(board)
    ungrouped = {n: t for n, t in texts.items() if assignment.get(n) is None}
    if len(ungrouped) < 2:
        raise DomainError("draft_too_few")
    features = cache.features(ungrouped)
    groups = run(suggest.draft_groups, features) if run else suggest.draft_groups(features)
    return {"board_id": board, "draft": [{"note_ids": list(g.note_ids), "title": g.title}
                                         for g in groups if len(g.note_ids) > 1]}


def board_of_workshop(workshop_id: int, board_id: int) -> bool:
    """Whether a board still belongs to the workshop and wants suggestions now."""
    with db.session() as session:
        board = queries.board_in_workshop(session, workshop_id, board_id)
        return board is not None and flow.rules_of(board).phase in ("write", "group") \
            and flow.rules_of(board).notes_public
