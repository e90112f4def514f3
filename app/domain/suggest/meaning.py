"""Suggest a group by meaning: sentence embeddings mixed with the lexical score.

Pure functions on plain data (numpy arrays and dicts): safe to run in a
native thread. A group is known by a centroid of its notes' embeddings and
its title's embedding (a title counts as ``TITLE_WEIGHT`` notes: the
facilitator's name for a group is a strong signal). Because e5 cosines of
short notes all sit high (0.8-0.9), a note's similarity to a group is taken
relative to its typical similarity to the board (``baseline``): a note that
resembles everything equally resembles nothing in particular. The lexical
score (typos, compounds, Nynorsk spellings) is added with ``LEXICAL_WEIGHT``.
A suggestion is shown only when its score reaches ``SHOW`` (calibrated on the
development set, docs/grouping.md); a dismissed (note, group) is never shown.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Hashable, Iterable, Mapping, Sequence

from .lexicon import VARIANTS
from .normalise import words

NoteId = Hashable
GroupId = Hashable

TITLE_WEIGHT = 4.0
LEXICAL_WEIGHT = 0.25
CLOSEST_WEIGHT = 0.3
HUB_WEIGHT = 0.5  # dev half: +1 top-1, +2-3 top-3 points on all four dev sets
# Everyday notes of many kinds: a steady background for the baseline, so that a
# board of six notes is judged like a board of six hundred.
BACKGROUND = (
    "Bedre veier og brøyting", "Flere benker i parken", "Gratis parkering i sentrum",
    "Billigere busskort for studenter", "Mer kultur for eldre", "Renere strender",
    "Trygg skolevei", "Flere sykkelstier", "Lavere eiendomsskatt", "Bedre mobildekning",
    "Mer lys i gatene om kvelden", "Flere barnehageplasser", "Et nytt svømmebasseng",
    "Mindre søppel i byen", "Hundeparker", "Bedre legevakt", "Flere konserter om sommeren",
    "Bygg flere boliger", "Mer grøntområder", "Kortere kø i trafikken",
)

SHOW = 0.058  # a note gets suggestions only when its best group scores this much
OTHERS = 0.0  # ...and then the next best too, while they beat the board's baseline


def score_groups(notes: Sequence[NoteId], vectors: Mapping[NoteId, Sequence[float]],
                 members: Mapping[GroupId, Sequence[NoteId]],
                 titles: Mapping[GroupId, Sequence[float]],
                 lexical: Mapping[NoteId, Mapping[GroupId, float]] | None = None,
                 background: Sequence[Sequence[float]] = (),
                 ) -> dict[NoteId, dict[GroupId, float]]:
    """Score of every group for every note of ``notes`` (higher is likelier).

    ``vectors``: unit embeddings by note id (every note of the board, so the
    baseline is the board's); ``members``: group -> its notes; ``titles``:
    group -> unit embedding of its title (groups without a title left out);
    ``lexical``: note -> group -> lexical score in [0, 1]; ``background``: unit
    embeddings of ``BACKGROUND``, counted in every note's baseline.
    """
    import numpy

    groups = [g for g in members if any(n in vectors for n in members[g]) or g in titles]
    rows = [n for n in notes if n in vectors]
    if not groups or not rows:
        return {n: {} for n in notes}
    board = numpy.asarray([vectors[n] for n in vectors], dtype="float32")
    matrix = numpy.asarray([vectors[n] for n in rows], dtype="float32")
    # The note's mean similarity to the other notes of the board (itself left out)
    # and to the background notes.
    count = len(board) - 1 + len(background)
    total = (matrix @ board.T).sum(axis=1) - 1.0
    if len(background):
        total = total + (matrix @ numpy.asarray(background, dtype="float32").T).sum(axis=1)
    baseline = total / count if count else numpy.zeros(len(rows))
    dims = board.shape[1]
    centroids, closest = [], []
    for group in groups:
        inside = [vectors[n] for n in members[group] if n in vectors]
        total = numpy.sum(numpy.asarray(inside, dtype="float32"), axis=0) if inside \
            else numpy.zeros(dims, dtype="float32")
        if group in titles:
            total = total + TITLE_WEIGHT * numpy.asarray(titles[group], dtype="float32")
        centroids.append(total / (numpy.linalg.norm(total) or 1.0))
        closest.append(numpy.asarray(inside, dtype="float32") if inside else None)
    central = matrix @ numpy.asarray(centroids).T
    # Hubness: a group whose centroid resembles every note of the board (a broad or
    # wordy theme) would win too often; its excess over the typical group is taken off.
    hubness = numpy.asarray(board @ numpy.asarray(centroids).T).mean(axis=0)
    hubness = HUB_WEIGHT * (hubness - hubness.mean())
    lexical = lexical or {}
    result: dict[NoteId, dict[GroupId, float]] = {}
    for i, row in enumerate(rows):
        scores = {}
        for j, group in enumerate(groups):
            dense = float(central[i, j])
            if closest[j] is not None:
                best = float((closest[j] @ matrix[i]).max())
                dense = (1 - CLOSEST_WEIGHT) * dense + CLOSEST_WEIGHT * best
            scores[group] = dense - float(hubness[j]) - float(baseline[i]) + \
                LEXICAL_WEIGHT * lexical.get(row, {}).get(group, 0.0)
        result[row] = scores
    return result


def shown(scores: Mapping[NoteId, Mapping[GroupId, float]], *, top: int = 3,
          threshold: float | None = None,
          dismissed: Iterable[tuple[NoteId, GroupId]] = (),
          ) -> dict[NoteId, list[tuple[GroupId, float]]]:
    """The suggestions worth showing: at most ``top`` per note, or none.

    A note whose best group scores below ``threshold`` (``SHOW``, calibrated so
    that what is shown is right about 80 % of the time on the development set)
    gets none; otherwise its best groups are shown while they score above
    ``OTHERS``. A (note, group) pair in ``dismissed`` is skipped (the facilitator
    said "not this one").
    """
    floor = SHOW if threshold is None else threshold
    refused = set(dismissed)
    result = {}
    for note, by_group in scores.items():
        ranked = sorted(((g, s) for g, s in by_group.items() if (note, g) not in refused),
                        key=lambda p: -p[1])
        if ranked and ranked[0][1] >= floor:
            result[note] = [(g, round(s, 4)) for g, s in ranked[:top] if s >= min(OTHERS, floor)]
    return result

DRAFT_THRESHOLD = 0.18  # dev grid (both dev sets): see docs/grouping.md
DRAFT_LEXICAL = 1.5
TITLE_WORDS = 6


def centred(vectors: Mapping[NoteId, Sequence[float]], background: Sequence = ()):
    """The board's embeddings minus their mean, unit length again (ids, matrix).

    What all notes of a board share (the workshop's subject) is taken out, so
    the cosines spread from about 0.85 +- 0.05 to the whole [-1, 1] range.
    """
    import numpy

    ids = list(vectors)
    matrix = numpy.asarray([vectors[n] for n in ids], dtype="float32")
    pool = numpy.vstack([matrix, numpy.asarray(background, dtype="float32")]) \
        if len(background) else matrix
    matrix = matrix - pool.mean(axis=0)
    norms = numpy.linalg.norm(matrix, axis=1, keepdims=True)
    return ids, matrix / numpy.where(norms == 0, 1.0, norms)


def draft(features: Mapping[NoteId, object], vectors: Mapping[NoteId, Sequence[float]], *,
          threshold: float | None = None, background: Sequence = ()) -> list:
    """First-draft groups of the notes in ``vectors`` by meaning (and shared words).

    Average-linkage clustering on centred embeddings mixed with the lexical
    similarity; single notes stay out of the draft. Each group is titled with
    the short phrase, taken from its own notes, that is closest to its centre.
    ``background``: embeddings of ``BACKGROUND``, so a small board centres well.
    """
    from .draft import DraftGroup, _agglomerate
    from .space import BoardSpace

    ids, matrix = centred(vectors, background)
    if len(ids) < 2:
        return []
    dense = matrix @ matrix.T
    lexical = {(a, b): s for a, b, s in
               BoardSpace({n: features[n] for n in ids}).pairs(ids, floor=0.0)}
    pairs = []
    for j in range(len(ids)):
        for i in range(j):
            score = float(dense[i, j]) + DRAFT_LEXICAL * lexical.get((ids[i], ids[j]), 0.0)
            if score > 0:
                pairs.append((ids[i], ids[j], score))
    floor = DRAFT_THRESHOLD if threshold is None else threshold
    clusters = [c for c in _agglomerate(ids, pairs, floor) if len(c) > 1]
    order = {n: i for i, n in enumerate(ids)}
    clusters = [sorted(c, key=order.__getitem__) for c in clusters]
    clusters.sort(key=lambda c: (-len(c), order[c[0]]))
    return [DraftGroup(note_ids=tuple(c), title=phrase_title(c, features, ids, matrix))
            for c in clusters]


def phrase_title(cluster: Sequence[NoteId], features: Mapping[NoteId, object],
                 ids: Sequence[NoteId], matrix) -> str:
    """The shortest-sounding note nearest the cluster's centre, as the group's title."""
    position = {n: i for i, n in enumerate(ids)}
    rows = matrix[[position[n] for n in cluster]]
    centre = rows.mean(axis=0)
    closeness = rows @ centre

    def text(n):
        return " ".join(features[n].text.split()).strip(" .!?")

    candidates = [(float(closeness[i]) - 0.02 * max(0, len(text(n).split()) - 3), n)
                  for i, n in enumerate(cluster) if 0 < len(text(n).split()) <= TITLE_WORDS
                  and "<" not in text(n)]
    if not candidates:
        candidates = [(float(closeness[i]), n) for i, n in enumerate(cluster)]
    best = max(candidates, key=lambda p: p[0])[1]
    title = text(best)
    title = title if len(title) <= 60 else title[:59].rstrip() + "…"
    return title[:1].upper() + title[1:] if title else ""


NEGATIONS = frozenset({"ikke", "ikkje", "ikkj", "itj", "inte", "not", "no", "never", "aldri",
                       "ingen", "uten", "utan", "without", "unngå", "don't", "dont"})
# Opposite words (Bokmål after the Nynorsk/dialect spellings are unified, and English):
# notes that differ by one of these say the opposite in the same words ("Flere møter" /
# "Færre møter", "Spurt før vedtaket" / "Spurt etter vedtaket").
OPPOSITES = (
    ({"mer", "mere", "more", "økt", "øke", "økning"},
     {"mindre", "less", "fewer", "redusert", "redusere", "kutt"}),
    ({"flere"}, {"færre", "fewer"}),
    ({"lengre", "lang", "lange", "longer"}, {"kortere", "kort", "korte", "shorter"}),
    ({"før", "tidlig", "tidligere", "before", "earlier"}, {"etter", "sent", "senere", "after", "later"}),
    ({"åpen", "åpne", "åpent", "open"}, {"lukket", "lukkede", "stengt", "stengte", "closed"}),
    ({"høyere", "høy", "høye", "higher"}, {"lavere", "lav", "lave", "lower"}),
    ({"større", "stor", "store", "bigger", "larger"}, {"mindre", "liten", "små", "smaller"}),
    ({"raskere", "fortere", "faster"}, {"saktere", "tregere", "slower"}),
    ({"billigere", "cheaper"}, {"dyrere"}),
    ({"bedre", "better"}, {"dårligere", "verre", "worse"}),
)
SAME_MEANING = 0.93  # e5 cosine ("query: ") a near-duplicate must also reach (dev half)
SAME_WORDING = 0.9  # ...unless the wording alone is this close (Nynorsk twins)


def confirmed_duplicates(pairs, features: Mapping[NoteId, object]) -> list:
    """The (a, b, score) pairs of the lexical duplicate finder that are also alike
    in meaning, that do not differ by a negation ("ikke", "not", ...) or by
    opposite words ("flere"/"færre", "før"/"etter"), and where neither note
    swaps a content word of the other for a different one.

    "Mer informasjon på nett" / "Ikke mer informasjon på nett" share their
    wording and their theme but say the opposite; "Tilbakemelding på innspill"
    / "tilbakemelding på høringsinnspill" share wording but not the idea;
    "Fast kontaktperson i NAV" / "Fast kontaktperson i skolen" share all but
    the one word that matters (e5 finds them as alike as true twins: 0.94).
    """
    kept = []
    for a, b, score in pairs:
        first, second = features[a], features[b]
        if first.text != second.text and _apart(first.text, second.text):
            continue
        if score < SAME_WORDING and first.embedding is not None \
                and second.embedding is not None \
                and _cosine(first.embedding, second.embedding) < SAME_MEANING:
            continue
        kept.append((a, b, score))
    return kept


def _cosine(one, other) -> float:
    import numpy  # only where there are embeddings: the lexical fallback may lack numpy
    return float(numpy.dot(one, other))


@lru_cache(maxsize=65536)
def _apart(first: str, second: str) -> bool:
    """Whether a negation, an opposite or a swapped content word sets two texts apart
    (cached: every refresh looks at the board's candidate pairs again)."""
    return _negated(first) != _negated(second) or _opposed(first, second) or \
        _substituted(words(first), words(second))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> frozenset[str]:
    """The words of ``text`` as written, Nynorsk and dialect spellings in Bokmål."""
    return frozenset(VARIANTS.get(t, t) for t in re.findall(r"[\w']+", text.lower()))


def _negated(text: str) -> bool:
    return bool(NEGATIONS & _tokens(text))


def _opposed(first: str, second: str) -> bool:
    """Whether one text uses a word and the other its opposite (and not both)."""
    one, other = _tokens(first), _tokens(second)
    for up, down in OPPOSITES:
        if (one & up and other & down and not one & down and not other & up) or \
                (one & down and other & up and not one & up and not other & down):
            return True
    return False


def _substituted(first, second) -> bool:
    """Whether each note has a content word with no counterpart in the other.

    A counterpart is the same folded stem, one inside the other (compounds:
    "nummer" / "telefonnummer"), the same first three letters ("fungerer" /
    "funker") or a near spelling (typos, Nynorsk forms the lexicon lacks).
    One note adding a word to the other is a rewording; both changing one is
    a different idea.
    """
    keys, others = {w.key for w in first}, {w.key for w in second}
    return any(not _counterpart(k, others) for k in keys) and \
        any(not _counterpart(k, keys) for k in others)


def _counterpart(key: str, keys) -> bool:
    return any(_alike(key, other) for other in keys)


def _alike(one: str, other: str) -> bool:
    if one == other:
        return True
    short, long = sorted((one, other), key=len)
    if len(short) >= 3 and (short in long or long[:3] == short[:3]):
        return True
    return SequenceMatcher(None, one, other).ratio() >= 0.75  # "hort" / "hoyrt": 0.89
