"""How alike two themes are, to suggest "the same theme" across workshops.

A deliberately small lexical measure: the Jaccard index of the character
trigrams of the words in a theme's title and notes, lowercased, with common
Norwegian (and a few English) stop words removed. Trigrams match across
inflections ("tillit" / "tilliten", "svar" / "svarene") without a stemmer.
It only suggests: the facilitator decides what is the same theme.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import combinations

STOP_WORDS = frozenset("""
    og i jeg det at en et den til er som på de med han av ikke der så var meg seg men
    ett har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan
    hans hvor eller hva skal selv sjøl her alle vil bli ble blitt kunne inn når være kom
    noen noe ville dere deres kun ja etter ned skulle denne for deg si sine sitt mot å
    meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sånn
    inni mellom vår hver hvem vors hvis både bare enn fordi før mange også slik vært
    the a an and or of to in for on is are be with by it that this we our
    mer mye må bør gjøre få gi godt god gode bedre mest
""".split())

_WORD = re.compile(r"[^\W\d_]+")

DEFAULT_THRESHOLD = 0.2
DEFAULT_LIMIT = 12


def words(text: str) -> list[str]:
    """The meaningful words of ``text``: lowercased letters only, stop words removed."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return [w for w in _WORD.findall(folded) if w not in STOP_WORDS and len(w) > 1]


def trigrams(text: str) -> frozenset[str]:
    """Character trigrams of each word, padded so word starts and ends count."""
    grams: set[str] = set()
    for word in words(text):
        padded = f" {word} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b|; 0 when both are empty."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass(frozen=True)
class Candidate:
    """A theme that may be linked: a group on the board of one question of one workshop."""

    group_id: int
    workshop_id: int
    position: int
    title: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """Two themes from different workshops that look alike (``a`` before ``b``)."""

    a: Candidate
    b: Candidate
    score: float


def score(a: Candidate, b: Candidate) -> float:
    """Similarity of two themes, 0..1: the better of title-only and title-plus-notes.

    Titles are what the room agreed on, so two equal titles are a match even
    when their notes differ; notes catch themes named differently.
    """
    titles = jaccard(trigrams(a.title), trigrams(b.title))
    everything = jaccard(trigrams(" ".join((a.title, *a.notes))),
                         trigrams(" ".join((b.title, *b.notes))))
    return max(titles, everything)


def suggest(candidates: list[Candidate], theme_of: dict[int, int], *,
            members: dict[int, set[int]] | None = None,
            threshold: float = DEFAULT_THRESHOLD,
            limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
    """Pairs worth linking, most alike first.

    Only pairs on the same question from different workshops, not already in
    one theme, and whose link would be allowed (a theme holds one group per
    workshop; ``members`` maps a theme to the workshops already in it).
    """
    members = members or {}
    found = []
    for a, b in combinations(candidates, 2):
        if a.position != b.position or a.workshop_id == b.workshop_id:
            continue
        theme_a, theme_b = theme_of.get(a.group_id), theme_of.get(b.group_id)
        if theme_a is not None and theme_a == theme_b:
            continue
        workshops_a = members.get(theme_a, {a.workshop_id}) if theme_a else {a.workshop_id}
        workshops_b = members.get(theme_b, {b.workshop_id}) if theme_b else {b.workshop_id}
        if workshops_a & workshops_b:
            continue
        value = score(a, b)
        if value >= threshold:
            found.append(Suggestion(a, b, value))
    found.sort(key=lambda s: (-s.score, s.a.group_id, s.b.group_id))
    return found[:limit]
