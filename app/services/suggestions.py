"""Grouping help for facilitators: suggested groups, possible duplicates, a first draft.

Three steps, so that nothing running in a native thread touches a green lock
or the database pool (issue 12 item 2):

1. ``load(board_id)`` reads the board on the event loop (plain dicts out);
2. ``compute(...)`` is pure: it featurizes and embeds the notes not seen yet
   (each note once, when it first shows up after being posted), ranks groups
   and finds duplicates. The caller runs it in a native thread;
3. ``remember(...)`` stores what ``compute`` learnt, back on the event loop.

The per-worker memory (``Memory``) keeps note features and embeddings by note
id and each board's duplicate pairs. The facilitator's "not this one"
dismissals are stored in the database (``store.dismissals``). Everything here is advice: nothing is moved, merged or named until
a facilitator accepts it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..domain import suggest
from ..domain.errors import DomainError
from ..domain.roles import Principal
from ..domain.suggest import embedding, meaning
from ..embedder import embedder
from ..store import db, dismissals, flow, queries
from .unit import board_id_for

TOP = 3
MAX_PAIRS_PER_NOTE = 3  # a note flagged as the twin of 600 others helps nobody
MAX_PAIRS = 60  # per board: the push stays small whatever the board holds


@dataclass
class Memory:
    """What this worker knows about notes and boards (touched on the event loop only)."""

    features: dict[int, tuple[str, suggest.NoteFeatures]] = field(default_factory=dict)
    duplicates: dict[int, tuple[dict[int, str], dict[frozenset, float]]] = field(
        default_factory=dict)
    limit: int = 50_000

    def clear_if_full(self) -> None:
        """Forget every note's features when too many are kept (they are recomputed)."""
        if len(self.features) > self.limit:
            self.features.clear()


memory = Memory()


class _Model:
    """Embeddings by text, asked of this worker's embedding process (event loop only)."""

    memo_limit = 20_000  # texts (~1.6 kB each): titles, background, repeated notes

    def __init__(self) -> None:
        self.memo: dict[str, object] = {}

    def method(self) -> str:
        """``"meaning"`` when the embedding model is installed, else ``"words"``."""
        return "meaning" if embedding.available() else "words"

    def vectors(self, texts) -> dict[str, object] | None:
        """Unit vectors of ``texts`` and of ``meaning.BACKGROUND``, or None.

        None where the model is not installed, and while the embedding process
        is down or being restarted (the help then answers by words). A text
        embedded before (a title, 600 identical notes) is not asked again.
        """
        if not embedding.available():
            return None
        if len(self.memo) > self.memo_limit:
            self.memo.clear()
        wanted = list(dict.fromkeys([*meaning.BACKGROUND, *texts]))
        found = {t: self.memo[t] for t in wanted if t in self.memo}
        missing = [t for t in wanted if t not in found]
        if missing:
            vectors = embedder.embed(missing)  # the greenlet waits; the loop runs on
            if vectors is None:
                return None
            found.update(zip(missing, vectors))
            self.memo.update(zip(missing, vectors))
        return found


model = _Model()


@dataclass(frozen=True)
class BoardState:
    """A board as the grouping help sees it: plain data, safe to hand to a thread."""

    board_id: int
    texts: dict[int, str]
    assignment: dict[int, int | None]
    titles: dict[int, str]
    dismissed: frozenset = frozenset()


def load(board_id: int) -> BoardState:
    """Read a board's visible notes, their groups, the group titles and the
    facilitator's dismissals (event loop)."""
    with db.session() as session:
        notes = [n for n in flow.notes_of_board(session, board_id) if not n.hidden]
        titles = {g.id: g.title for g in flow.groups(session, board_id)}
        refused = dismissals.of_board(session, board_id)
    return BoardState(board_id, {n.id: n.text for n in notes},
                      {n.id: n.group_id for n in notes}, titles, refused)


def _known(state: BoardState) -> dict[int, suggest.NoteFeatures]:
    """The cached features of the board's notes whose text has not changed."""
    found = {}
    for note, text in state.texts.items():
        cached = memory.features.get(note)
        if cached is not None and cached[0] == text:
            found[note] = cached[1]
    return found


def _vectors(state: BoardState, known: dict[int, suggest.NoteFeatures]):
    """Embeddings of the board's new notes and of its titles (event loop), or None."""
    new = [t for n, t in state.texts.items() if n not in known or known[n].embedding is None]
    return model.vectors([*new, *(t for t in state.titles.values() if t.strip())])


def _features(texts: dict[int, str], known: dict[int, suggest.NoteFeatures], vectors):
    """Features of every text, computing only those not in ``known`` (pure).

    With ``vectors`` (text -> embedding) a note known only by its words (the
    embedding process was down when it came) is featurized again, with meaning.
    """
    if vectors is not None:
        known = {n: f for n, f in known.items() if f.embedding is not None}
    embed = vectors.__getitem__ if vectors is not None else None
    fresh = {n: suggest.featurize(t, embedder=embed) for n, t in texts.items() if n not in known}
    return {**known, **fresh}, fresh


def compute(state: BoardState, known: dict[int, suggest.NoteFeatures],
            previous_pairs: tuple[dict[int, str], dict[frozenset, float]],
            vectors: dict | None) -> tuple[dict, dict, dict]:
    """Suggestions and duplicates of a board: (payload, new features, new duplicate pairs).

    Pure: plain data in and out, so it may run in a native thread. ``vectors``:
    embeddings by text (the board's new notes, its titles, the background),
    or None to answer by words.
    """
    features, fresh = _features(state.texts, known, vectors)
    ungrouped, groups = suggest.groups_from_assignment(state.assignment, state.titles)
    ranked = _rank(ungrouped, groups, features, vectors, state.dismissed) if groups else {}
    seen, before = previous_pairs
    pairs = suggest.refresh_duplicates(before, seen, state.texts, features)
    assignment = state.assignment
    candidates = [(*sorted(pair), score) for pair, score in pairs.items()
                  if (a := min(pair)) is not None and (assignment.get(a) is None or
                                                       assignment.get(a) != assignment.get(max(pair)))]
    shown_pairs = _capped(meaning.confirmed_duplicates(candidates, features))
    payload = {
        "board_id": state.board_id,
        "method": "meaning" if vectors is not None else "words",
        "suggestions": {str(note): [{"group_id": g, "score": round(s, 3)} for g, s in options]
                        for note, options in ranked.items() if options},
        "duplicates": [[a, b, round(s, 3)] for a, b, s in shown_pairs],
    }
    return payload, fresh, pairs


def _rank(ungrouped, groups, features, vectors, dismissed):
    """Shown suggestions: by meaning when ``vectors`` are given, else by words."""
    if vectors is None:
        ranked = suggest.suggest_groups(ungrouped, groups, features, top=TOP)
        return {n: [(g, s) for g, s in options if (n, g) not in dismissed]
                for n, options in ranked.items()}
    lexical = suggest.suggest_groups(ungrouped, groups, features, top=len(groups))
    members = {g.id: [n for n in g.note_ids if n in features] for g in groups}
    titles = {g.id: vectors[g.title] for g in groups if g.title.strip()}
    board = {n: f.embedding for n, f in features.items() if f.embedding is not None}
    scores = meaning.score_groups(ungrouped, board, members, titles,
                                  {n: dict(o) for n, o in lexical.items()}, _background(vectors))
    return meaning.shown(scores, top=TOP, dismissed=dismissed)


def _background(vectors: dict) -> list:
    return [vectors[t] for t in meaning.BACKGROUND]


def _capped(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The best pairs, at most MAX_PAIRS_PER_NOTE per note and MAX_PAIRS in all."""
    per_note: dict[int, int] = {}
    kept = []
    for a, b, score in sorted(pairs, key=lambda p: (-p[2], p[0], p[1])):
        if per_note.get(a, 0) >= MAX_PAIRS_PER_NOTE or per_note.get(b, 0) >= MAX_PAIRS_PER_NOTE:
            continue
        per_note[a] = per_note.get(a, 0) + 1
        per_note[b] = per_note.get(b, 0) + 1
        kept.append((a, b, score))
        if len(kept) >= MAX_PAIRS:
            break
    return kept


def remember(state: BoardState, fresh: dict, pairs: dict) -> None:
    """Keep what ``compute`` learnt (event loop)."""
    memory.clear_if_full()
    for note, features in fresh.items():
        memory.features[note] = (state.texts[note], features)
    memory.duplicates[state.board_id] = (dict(state.texts), pairs)


def for_board(board_id: int, run=None) -> dict:
    """Suggested groups for each ungrouped note, and possible duplicate pairs.

    ``run(function, *args)`` executes the pure part off the event loop when given.
    """
    state = load(board_id)
    known = _known(state)
    args = (state, known, memory.duplicates.get(board_id, ({}, {})), _vectors(state, known))
    payload, fresh, pairs = run(compute, *args) if run else compute(*args)
    remember(state, fresh, pairs)
    return payload


def get(principal: Principal, board_id: object, run=None) -> dict:
    """The current suggestions of a board (facilitators only, see roles.py)."""
    return for_board(board_id_for(principal, board_id), run)


def dismiss(principal: Principal, data: dict) -> dict:
    """The facilitator says "not this group" for a note: it is not suggested again.

    ``data``: ``{board_id, note_id, group_id}``; the note and the group must be
    on that board. Stored with the board (every worker, after a restart too).
    """
    board = board_id_for(principal, data.get("board_id"))
    note, group = data.get("note_id"), data.get("group_id")
    for value in (note, group):
        if not isinstance(value, int) or isinstance(value, bool):
            raise DomainError("payload_invalid")
    with db.session() as session:
        if note not in {n.id for n in flow.notes_of_board(session, board)}:
            raise DomainError("note_unknown")
        if group not in {g.id for g in flow.groups(session, board)}:
            raise DomainError("group_unknown")
        dismissals.add(session, board, note, group)
    return {"board_id": board, "note_id": note, "group_id": group}


def draft(principal: Principal, board_id: object, run=None) -> dict:
    """A proposed grouping of the ungrouped notes, each group with a short title.

    ``run`` executes the clustering off the event loop (a real thread) when given.
    """
    board = board_id_for(principal, board_id)
    state = load(board)
    ungrouped = {n: t for n, t in state.texts.items() if state.assignment.get(n) is None}
    if len(ungrouped) < 2:
        raise DomainError("draft_too_few")
    part = BoardState(board, ungrouped, {n: None for n in ungrouped}, {})
    known = _known(part)
    args = (part, known, _vectors(part, known))
    groups, fresh = run(_draft, *args) if run else _draft(*args)
    memory.clear_if_full()
    for note, features in fresh.items():
        memory.features[note] = (ungrouped[note], features)
    return {"board_id": board, "draft": [{"note_ids": list(g.note_ids), "title": g.title}
                                         for g in groups if len(g.note_ids) > 1]}


def _draft(state: BoardState, known: dict, vectors: dict | None):
    """Draft groups (pure): by meaning when ``vectors`` are given, else by words."""
    features, fresh = _features(state.texts, known, vectors)
    if vectors is None:
        return suggest.draft_groups(features), fresh
    board = {n: f.embedding for n, f in features.items()}
    return meaning.draft(features, board, background=_background(vectors)), fresh


def method() -> str:
    """Which method the help uses in this installation: "meaning" or "words"."""
    return model.method()


def board_of_workshop(workshop_id: int, board_id: int) -> bool:
    """Whether a board still belongs to the workshop and wants suggestions now."""
    with db.session() as session:
        board = queries.board_in_workshop(session, workshop_id, board_id)
        return board is not None and flow.rules_of(board).phase in ("write", "group") \
            and flow.rules_of(board).notes_public
