"""Suggestions of "the same theme": trigram Jaccard over titles and notes, Norwegian stop words."""
from __future__ import annotations

import pytest

from app.domain.similarity import (Candidate, jaccard, score, suggest, trigrams, words)


def test_words_are_lowercased_and_stop_words_dropped():
    assert words("Tillit OG åpenhet i kommunen, 2026!") == ["tillit", "åpenhet", "kommunen"]
    assert words("Det er ikke for oss") == []


def test_trigrams_pad_each_word_and_keep_norwegian_letters():
    assert trigrams("Tillit") == {" ti", "til", "ill", "lli", "lit", "it "}
    assert " åp" in trigrams("åpenhet")
    assert trigrams("og i på") == frozenset()


@pytest.mark.parametrize(("a", "b", "expected"), [
    ({"a", "b"}, {"a", "b"}, 1.0),
    ({"a", "b"}, {"c"}, 0.0),
    ({"a", "b", "c"}, {"b", "c", "d"}, 0.5),
    (set(), set(), 0.0),
])
def test_jaccard(a, b, expected):
    assert jaccard(frozenset(a), frozenset(b)) == expected


def test_inflections_and_word_order_still_match():
    same = score(Candidate(1, 1, 0, "Tillit og åpenhet"), Candidate(2, 2, 0, "Åpenhet og tillit"))
    inflected = score(Candidate(1, 1, 0, "Tilliten"), Candidate(2, 2, 0, "Tillit"))
    unrelated = score(Candidate(1, 1, 0, "Møteplasser"), Candidate(2, 2, 0, "Digitale tjenester"))
    assert same == 1.0
    assert inflected > 0.5
    assert unrelated < 0.1


def test_notes_catch_themes_named_differently():
    a = Candidate(1, 1, 0, "Raskere svar", ("Svar på e-post innen to dager",))
    b = Candidate(2, 2, 0, "Responstid", ("Svar på e-post innen en uke",))
    assert score(a, b) > score(Candidate(1, 1, 0, "Raskere svar"), Candidate(2, 2, 0, "Responstid"))
    assert score(a, b) >= 0.2


def test_suggestions_pair_only_other_workshops_on_the_same_question():
    groups = [
        Candidate(1, 10, 0, "Tillit og åpenhet"),
        Candidate(2, 10, 0, "Tillit"),                # same workshop as 1: never paired
        Candidate(3, 20, 0, "Tillit til kommunen"),
        Candidate(4, 30, 1, "Tillit"),                # another question
        Candidate(5, 30, 0, "Møteplasser"),           # nothing alike
    ]
    pairs = [(s.a.group_id, s.b.group_id) for s in suggest(groups, {})]
    assert (1, 2) not in pairs and (1, 4) not in pairs and (3, 4) not in pairs
    assert (2, 3) in pairs and (1, 3) in pairs
    assert all(5 not in pair for pair in pairs)
    scores = [s.score for s in suggest(groups, {})]
    assert scores == sorted(scores, reverse=True)


def test_linked_pairs_and_impossible_links_are_not_suggested():
    groups = [Candidate(1, 10, 0, "Tillit"), Candidate(2, 20, 0, "Tillit"),
              Candidate(3, 20, 0, "Tilliten"), Candidate(4, 30, 0, "Tillit")]
    theme_of = {1: 100, 2: 100}
    members = {100: {10, 20}}
    pairs = {(s.a.group_id, s.b.group_id) for s in suggest(groups, theme_of, members=members)}
    assert (1, 2) not in pairs        # already one theme
    assert (1, 3) not in pairs        # the theme already has a group from workshop 20
    assert (1, 4) in pairs and (2, 4) in pairs


def test_threshold_and_limit():
    groups = [Candidate(i, i, 0, "Tillit") for i in range(1, 7)]
    assert len(suggest(groups, {}, limit=3)) == 3
    assert suggest([Candidate(1, 1, 0, "Tillit"), Candidate(2, 2, 0, "Tilliten")], {},
                   threshold=0.99) == []
