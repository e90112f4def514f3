"""From a note's text to the words that carry its meaning.

Steps, in order:
1. Unicode NFC and lower case; words are runs of letters and digits, so
   "SMS-varsel" gives "sms" and "varsel".
2. A Nynorsk or dialect spelling ("ikkje", "kommuna", "opningstider") or a
   common English word of municipal service ("website") is replaced by its
   Bokmål form, so the stemmer and the n-grams see one spelling.
3. Stop words (Bokmål, Nynorsk, dialect, English) are dropped.
4. The Snowball Norwegian stemmer reduces the word ("tjenestene" -> "tjenest").
5. ``fold`` maps æ/ø/å and their keyboard stand-ins (ae, oe, aa) and
   accents to plain letters, so "moeteplass", "møteplass" and "moteplass"
   become one key. It is applied to the matching keys only; titles are
   built from the words as written.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from .lexicon import GLOSSARY, STOP_WORDS, VARIANTS

_WORD = re.compile(r"[^\W_]+")
_FOLDS = (("aa", "a"), ("å", "a"), ("oe", "o"), ("ø", "o"), ("ae", "e"), ("æ", "e"))
_STEMMER = snowballstemmer.stemmer("norwegian")


@dataclass(frozen=True)
class Word:
    """One content word of a note."""

    surface: str  # lower case, as written: titles are made from this
    canon: str  # Bokmål form after variant and glossary mapping
    key: str  # folded stem: what two notes must share to match on this word


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Map a word to plain letters: æ/ø/å and ae/oe/aa alike, accents removed."""
    for old, new in _FOLDS:
        word = word.replace(old, new)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_STOP_FOLDED = frozenset(fold(w) for w in STOP_WORDS)


@lru_cache(maxsize=65536)
def _analyse(token: str) -> Word | None:
    canon = VARIANTS.get(token) or GLOSSARY.get(token) or token
    if fold(canon) in _STOP_FOLDED or fold(token) in _STOP_FOLDED:
        return None
    if canon.isdigit() and len(canon) < 4:
        return None  # "16", "84": times and ages, not themes
    return Word(surface=token, canon=canon, key=fold(_STEMMER.stemWord(canon)))


def words(text: str) -> list[Word]:
    """The content words of ``text`` in order, stop words removed."""
    lowered = unicodedata.normalize("NFC", text).lower()
    found = (_analyse(token) for token in _WORD.findall(lowered))
    return [word for word in found if word is not None]


def surface(text: str) -> str:
    """The whole note, spelling variants unified and folded, stop words kept.

    Duplicates are notes in nearly the same words, so this keeps what
    ``words`` drops (function words, word order) and leaves out the
    English glossary: a translation is the same idea, not the same words.
    """
    lowered = unicodedata.normalize("NFC", text).lower()
    return " ".join(fold(VARIANTS.get(t, t)) for t in _WORD.findall(lowered))


def char_ngrams(word: str, low: int, high: int) -> list[str]:
    """Character n-grams of ``word`` padded with boundary marks (``<ord>``)."""
    padded = f"<{word}>"
    grams = []
    for n in range(low, high + 1):
        grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams or [padded]
