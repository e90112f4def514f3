"""Short titles for a set of notes, made from the notes' own words.

A word is characteristic of a cluster when many of its notes use it and
few notes elsewhere on the board do (cluster frequency x idf). The title is
the best one to three such words in the spelling most notes used, joined
as a phrase when the notes write them side by side ("Digitale tjenester"),
with commas otherwise. On a tie the Bokmål spelling is shown.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Hashable, Iterable, Mapping

from .features import NoteFeatures

MAX_WORDS = 3
KEEP_RATIO = 0.6  # a further word must score this share of the best one

_TOKEN = re.compile(r"[^\W_]+")


def title_for(cluster: Iterable[Hashable], features: Mapping[Hashable, NoteFeatures]) -> str:
    """A 1-3 word title for ``cluster`` (note ids), judged against all ``features``."""
    members = [features[n] for n in cluster]
    board_df = Counter(key for f in features.values() for key in f.keys)
    cluster_df = Counter(key for f in members for key in f.keys)
    spellings: dict[str, Counter[str]] = {}
    for note in members:
        for word in note.words:
            # A spelling already in Bokmål wins a tie over a variant or an English word.
            bonus = 0.5 if word.surface == word.canon else 0.0
            spellings.setdefault(word.key, Counter())[word.surface] += 1 + bonus
    total = len(features)
    scores = {key: n / len(members) * math.log((1 + total) / board_df[key])
              for key, n in cluster_df.items()}
    if not scores:
        return ""
    ranked = sorted(scores, key=lambda k: (-scores[k], -cluster_df[k], k))
    best = scores[ranked[0]]
    chosen = [k for k in ranked[:MAX_WORDS] if scores[k] >= KEEP_RATIO * best
              and (cluster_df[k] > 1 or len(members) == 1 or k == ranked[0])]
    shown = [spellings[k].most_common(1)[0][0] for k in chosen]
    return _phrase(shown, [f.text for f in members])


def _phrase(shown: list[str], texts: list[str]) -> str:
    """Join words as the notes write them: adjacent pairs as a phrase, others by commas."""
    sequences = [_TOKEN.findall(t.lower()) for t in texts]

    def adjacent(a: str, b: str) -> bool:
        return any(s[i] == a and s[i + 1] == b for s in sequences for i in range(len(s) - 1))

    parts: list[str] = []
    for word in shown:
        for i, part in enumerate(parts):
            last, first = part.split()[-1], part.split()[0]
            if adjacent(last, word):
                parts[i] = f"{part} {word}"
                break
            if adjacent(word, first):
                parts[i] = f"{word} {part}"
                break
        else:
            parts.append(word)
    title = ", ".join(parts)
    return title[:1].upper() + title[1:]
