"""Sparse TF-IDF vectors as plain dicts (their dot products: ``space.py``).

The inverse document frequency is taken from the board being looked at:
what many notes share ("bedre", "tjenester" on a board about services)
weighs little, what sets a theme apart weighs much.
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, Mapping

Vector = dict[str, float]


def idf_table(documents: Iterable[Mapping[str, float]]) -> tuple[dict[str, float], float]:
    """Smoothed idf per feature, and the idf to use for a feature no note has."""
    df: Counter[str] = Counter()
    count = 0
    for terms in documents:
        df.update(terms.keys())
        count += 1
    table = {term: math.log((1 + count) / (1 + n)) + 1.0 for term, n in df.items()}
    return table, math.log(1 + count) + 1.0


def weigh(terms: Mapping[str, float], idf: Mapping[str, float], unseen: float) -> Vector:
    """A unit-length TF-IDF vector of one note's (already sublinear) term frequencies."""
    get = idf.get
    vector = {t: tf * get(t, unseen) for t, tf in terms.items()}
    return normalised(vector)


def normalised(vector: Mapping[str, float]) -> Vector:
    """``vector`` scaled to unit length (an empty or zero vector stays empty)."""
    norm = math.sqrt(sum(v * v for v in vector.values()))
    if not norm:
        return {}
    scale = 1.0 / norm
    return {t: v * scale for t, v in vector.items()}
