"""Per-note features: computed once when a note is posted, then cached.

``featurize(text)`` is the only costly step (tokenising, stemming, n-grams,
and the optional embedding); the caller keeps its result in memory by note
id and hands the cache to the ranking, duplicate and draft functions, which
then only do sparse arithmetic.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

from .normalise import Word, char_ngrams, fold, surface, words

NGRAM_LOW = 3
NGRAM_HIGH = 5
SHAPE_LOW = 3
SHAPE_HIGH = 4
WORD_WEIGHT = 3.0  # a whole-stem match counts as much as this many n-grams

Embedder = Callable[[str], Sequence[float]]


@dataclass(frozen=True)
class NoteFeatures:
    """What the suggestion engine knows about one note."""

    text: str
    words: tuple[Word, ...]
    terms: dict[str, float] = field(hash=False)  # feature -> 1 + log(count): n-grams, "w:" stems
    shape: dict[str, float] = field(hash=False)  # the same for n-grams of the whole text
    # Unit vector (numpy float32, ~1.6 kB), when an embedder was given.
    embedding: Sequence[float] | None = field(default=None, compare=False, hash=False)

    @property
    def keys(self) -> frozenset[str]:
        """The folded stems of the note's content words."""
        return frozenset(word.key for word in self.words)


def featurize(text: str, *, embedder: Embedder | None = None) -> NoteFeatures:
    """Features of one note (or of a group title).

    Pure and deterministic: the same text gives the same features, so the
    caller may compute them off the request path and cache them by note id.
    ``embedder`` (see ``embedding.load_embedder``) adds a dense vector; leave
    it out for the lexical method, which always works.
    """
    content = tuple(words(text))
    terms: Counter[str] = Counter()
    for word in content:
        terms[f"w:{word.key}"] += WORD_WEIGHT
        terms.update(char_ngrams(fold(word.canon), NGRAM_LOW, NGRAM_HIGH))
    shape = Counter(char_ngrams(surface(text), SHAPE_LOW, SHAPE_HIGH))
    vector = _array(embedder(text)) if embedder is not None else None
    return NoteFeatures(text=text, words=content, terms=_sublinear(terms),
                        shape=_sublinear(shape), embedding=vector)


def _array(values: Sequence[float]):
    # float32 in numpy: a quarter of the memory of a tuple of Python floats.
    import numpy
    return numpy.asarray(values, dtype="float32")


def _sublinear(counts: Counter[str]) -> dict[str, float]:
    # Done here, once per note, so that weighing a board is one multiplication per feature.
    return {term: 1.0 + math.log(n) for term, n in counts.items() if n > 0}
