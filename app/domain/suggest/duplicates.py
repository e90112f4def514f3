"""Possible duplicates: notes that say the same thing in nearly the same words.

Precision matters more than recall here: a facilitator who is shown a
false pair learns to ignore the hint. So the comparison is made on the
whole text as written ("shape": character n-grams across the words, with
Nynorsk/dialect spellings unified but function words and word order kept)
and the threshold is high: two different ideas that share a theme word
("Informasjon på flere språk", "Brev på flere språk") stay apart.
"""
from __future__ import annotations

from typing import Hashable, Mapping

from .features import NoteFeatures
from .space import BoardSpace

NoteId = Hashable

THRESHOLD = 0.6


def find_duplicates(features: Mapping[NoteId, NoteFeatures], *,
                    threshold: float = THRESHOLD, embedding_share: float = 0.0,
                    ) -> list[tuple[NoteId, NoteId, float]]:
    """Pairs ``(a, b, score)`` of likely duplicates among ``features``, best first.

    Each pair appears once, ``a`` being the note that comes first in
    ``features`` (the caller's order, e.g. posting order).
    """
    space = BoardSpace(features, embedding_share, view="shape")
    pairs = [(a, b, round(s, 4)) for a, b, s in space.pairs(features) if s >= threshold]
    pairs.sort(key=lambda p: -p[2])
    return pairs


def duplicates_of(note_id: NoteId, features: Mapping[NoteId, NoteFeatures], *,
                  threshold: float = THRESHOLD, embedding_share: float = 0.0,
                  ) -> list[tuple[NoteId, float]]:
    """Notes in ``features`` that ``note_id`` (also in it) likely duplicates.

    For the moment a note is posted: one row against the board, not all pairs.
    """
    space = BoardSpace(features, embedding_share, view="shape")
    others = [nid for nid in features if nid != note_id]
    sims = space.similarities([note_id], others)[note_id]
    found = [(nid, round(s, 4)) for nid, s in sims.items() if s >= threshold]
    return sorted(found, key=lambda p: -p[1])


def refresh_duplicates(previous: dict[frozenset, float], known: Mapping[NoteId, str],
                       texts: Mapping[NoteId, str], features: Mapping[NoteId, NoteFeatures],
                       *, threshold: float = THRESHOLD) -> dict[frozenset, float]:
    """Duplicate pairs after the board changed from ``known`` to ``texts`` (id -> text).

    Only notes that are new or whose text changed are compared with the
    board, so a refresh costs O(changed × notes) instead of all pairs; pairs
    of removed or changed notes are dropped first. (Scores of untouched
    pairs keep the weights they were found with: advice, not bookkeeping.)
    """
    changed = [n for n, text in texts.items() if known.get(n) != text]
    gone = set(known) - set(texts)
    stale = gone | set(changed)
    pairs = {pair: score for pair, score in previous.items() if not pair & stale}
    if changed and len(texts) > 1:
        space = BoardSpace(features, 0.0, view="shape")
        others = list(texts)
        for note, sims in space.similarities(changed, others).items():
            for other, score in sims.items():
                if other != note and score >= threshold:
                    pairs[frozenset((note, other))] = round(score, 4)
    return pairs
