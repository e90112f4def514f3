"""Grouping help: suggestions, duplicates and the first draft (app.domain.suggest)."""
from __future__ import annotations

import csv
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from app.domain.suggest import (
    DraftGroup, Group, draft_groups, duplicates_of, embedding, featurize, find_duplicates,
    groups_from_assignment, suggest_groups,
)
from app.domain.suggest.normalise import fold, words

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "grouping_dev.csv"


@pytest.fixture
def board():
    """Factory: a features cache from ``{note_id: text}``."""
    def make(texts: dict[int, str]):
        return {nid: featurize(text) for nid, text in texts.items()}
    return make


GROUPED = {
    1: "Kortere saksbehandlingstid",
    2: "Raskere behandling av byggesøknader",
    3: "Lengre åpningstider",
    4: "Åpent på kveldstid en dag i uka",
    5: "Flere digitale tjenester",
    6: "En app for alt",
}
GROUPS = [Group("tid", (1, 2), "Saksbehandlingstid"), Group("åpent", (3, 4), "Åpningstider"),
          Group("digitalt", (5, 6), "Digitale tjenester")]


@pytest.mark.parametrize("text, expected", [
    ("Kortare sakshandsamingstid", "tid"),             # Nynorsk
    ("lengre åpnigstider på servicetorget", "åpent"),  # typo
    ("Lengre opningstider", "åpent"),                  # Nynorsk
    ("Digitale skjema som fungerer på mobil", "digitalt"),
    ("saksbehandlingstida på byggesaker er for lang", "tid"),  # compound, dialect ending
])
def test_note_is_suggested_into_the_group_that_obviously_fits(board, text, expected):
    cache = board({**GROUPED, 10: text})
    result = suggest_groups([10], GROUPS, cache)
    assert result[10][0][0] == expected


def test_suggestions_are_at_most_three_best_first_with_scores_in_range(board):
    groups = [*GROUPS, Group("x", (), "Klarspråk"), Group("y", (), "Møteplasser")]
    cache = board({**GROUPED, 10: "Kortere ventetid på saksbehandling og svar"})
    ranked = suggest_groups([10], groups, cache)[10]
    assert 1 <= len(ranked) <= 3
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)


def test_a_title_alone_is_enough_to_suggest_a_group(board):
    cache = board({**GROUPED, 10: "Skriv brevene på klarspråk"})
    groups = [*GROUPS, Group("klar", (), "Klarspråk")]
    assert suggest_groups([10], groups, cache)[10][0][0] == "klar"


def test_empty_groups_and_notes_without_features_are_ignored(board):
    cache = board({**GROUPED, 10: "Lengre åpningstider"})
    result = suggest_groups([10, 99], [*GROUPS, Group("tom")], cache)
    assert set(result) == {10}
    assert "tom" not in [g for g, _ in result[10]]


def test_groups_from_assignment_splits_ungrouped_and_keeps_titled_empty_groups():
    ungrouped, groups = groups_from_assignment({1: 7, 2: None, 3: 7}, {7: "Tid", 8: "Ny"})
    assert ungrouped == [2]
    assert {g.id: (g.note_ids, g.title) for g in groups} == {7: ((1, 3), "Tid"), 8: ((), "Ny")}


def test_spelling_variants_meet_on_the_same_keys():
    nb = [w.key for w in words("Kortere saksbehandlingstid i kommunen")]
    nn = [w.key for w in words("Kortare sakshandsamingstid i kommuna")]
    assert nb == nn
    assert fold("møteplass") == fold("moeteplass") == "moteplass"
    assert words("ikkje eg kva korleis") == []  # all stop words after mapping


def test_near_identical_pair_is_flagged_as_duplicate(board):
    cache = board({1: "Informasjon på flere språk", 2: "Informasjon på fleire språk",
                   3: "Lengre åpningstider", 4: "lengre opningstider!"})
    pairs = {(a, b) for a, b, _ in find_duplicates(cache)}
    assert pairs == {(1, 2), (3, 4)}


@pytest.mark.parametrize("first, second", [
    ("Informasjon på flere språk", "Brev på flere språk"),
    ("Kortere ventetid på telefon", "Kortere saksbehandlingstid"),
    ("Digitale skjema for byggesøknader", "Raskere behandling av byggesøknader"),
])
def test_different_ideas_that_share_words_are_not_duplicates(board, first, second):
    assert find_duplicates(board({1: first, 2: second})) == []


def test_duplicates_of_a_newly_posted_note(board):
    cache = board({1: "Kortere saksbehandlingstid", 2: "Lengre åpningstider",
                   3: "kortere saksbehandligstid"})
    assert [nid for nid, _ in duplicates_of(3, cache)] == [1]


def test_draft_groups_notes_with_titles_from_their_own_words(board):
    cache = board({
        1: "Kortere saksbehandlingstid", 2: "Saksbehandlingstid på byggesaker må ned",
        3: "kortere saksbehandlingstid for byggesøknader", 4: "Lengre åpningstider",
        5: "Åpningstider på kveldstid", 6: "Lengre opningstider på servicetorget",
        7: "Flere digitale tjenester", 8: "Digitale tjenester på mobil",
        9: "digitale tjenester som er enkle",
    })
    drafts = draft_groups(cache)
    assert all(isinstance(d, DraftGroup) for d in drafts)
    placed = Counter(n for d in drafts for n in d.note_ids)
    assert max(placed.values()) == 1  # a note is in at most one group
    as_sets = [set(d.note_ids) for d in drafts]
    assert {1, 2, 3} in as_sets and {7, 8, 9} in as_sets
    for draft in drafts:
        vocabulary = {t for n in draft.note_ids for t in re.findall(r"\w+", cache[n].text.lower())}
        title_words = re.findall(r"\w+", draft.title.lower())
        assert 1 <= len(title_words) <= 3
        assert set(title_words) <= vocabulary
        assert draft.title[0].isupper()


def test_refresh_of_a_500_note_board_suggests_for_every_ungrouped_note(board):
    themes = ["saksbehandlingstid på byggesøknader", "åpningstider på servicetorget",
              "digitale tjenester på mobil", "klarspråk i brevene", "møteplasser i bydelene"]
    rng = random.Random(1)
    texts = {i: f"{themes[i % 5]} {rng.choice(['nå', 'takk', 'bedre', 'mer', ''])}".strip()
             for i in range(500)}
    cache = board(texts)
    groups = [Group(k, tuple(range(k, 50, 5)), "") for k in range(5)]
    ungrouped = list(range(50, 500))
    result = suggest_groups(ungrouped, groups, cache)
    assert set(result) == set(ungrouped)
    assert all(len(r) <= 3 and r[0][0] == n % 5 for n, r in result.items())


def test_embedding_extra_is_optional():
    embedder = embedding.load_embedder() if embedding.available() else None
    assert embedding.available() == (embedder is not None)
    assert featurize("Lengre åpningstider").embedding is None


def test_dense_similarity_is_mixed_in_when_every_note_has_an_embedding():
    pytest.importorskip("numpy")

    def fake(text: str) -> list[float]:
        return [1.0, 0.0] if "tid" in text else [0.0, 1.0]

    cache = {nid: featurize(t, embedder=fake) for nid, t in GROUPED.items()}
    cache[10] = featurize("Kortare sakshandsamingstid", embedder=fake)
    result = suggest_groups([10], GROUPS, cache, embedding_share=0.5)
    assert result[10][0][0] == "tid"


def test_development_set_is_well_formed():
    with DEV_SET.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 150
    assert set(rows[0]) == {"question", "note_id", "text", "theme", "duplicate_of"}
    ids = {r["note_id"]: r for r in rows}
    assert len(ids) == len(rows)
    for question in {r["question"] for r in rows}:
        assert 8 <= len({r["theme"] for r in rows if r["question"] == question}) <= 12
    for row in rows:
        if row["duplicate_of"]:
            assert ids[row["duplicate_of"]]["question"] == row["question"]


def test_incremental_duplicates_match_a_full_recount():
    from app.domain.suggest import find_duplicates, refresh_duplicates
    texts = {1: "Kortere saksbehandlingstid", 2: "Lengre åpningstider",
             3: "Kortare sakshandsamingstid", 4: "Mer tillit"}
    features = {n: featurize(t) for n, t in texts.items()}
    first = refresh_duplicates({}, {}, {1: texts[1], 2: texts[2]},
                               {1: features[1], 2: features[2]})
    assert first == {}
    grown = refresh_duplicates(first, {1: texts[1], 2: texts[2]}, texts, features)
    full = {frozenset((a, b)) for a, b, _ in find_duplicates(features)}
    assert set(grown) == full == {frozenset((1, 3))}
    edited = {**texts, 3: "Flere benker i parken"}
    features[3] = featurize(edited[3])
    assert refresh_duplicates(grown, texts, edited, features) == {}


def test_duplicates_apart_by_an_opposite_or_a_swapped_word_by_words_alone():
    from app.domain.suggest import meaning
    texts = {1: "Flere møter med politikerne", 2: "Færre møter med politikerne",
             3: "Fast kontaktperson i NAV", 4: "Fast kontaktperson i skolen",
             5: "Kortere frister for høring", 6: "Kortare fristar for høyring",
             7: "Direkte telefonnummer til saksbehandler", 8: "Direkte tlf-nummer til saksbehandleren",
             9: "Ungdomsrådet må bli hørt", 10: "Ungdomsrådet må bli høyrt"}
    features = {n: featurize(t) for n, t in texts.items()}
    found = {frozenset((a, b)) for a, b, _ in find_duplicates(features)}
    assert {frozenset((1, 2)), frozenset((3, 4))} <= found  # the same words...
    kept = {frozenset((a, b)) for a, b, _ in meaning.confirmed_duplicates(
        find_duplicates(features), features)}
    # ...but the opposite, or another place; typos, Nynorsk and a shortened word stay twins
    assert kept == {frozenset((5, 6)), frozenset((7, 8)), frozenset((9, 10))}


def test_the_lexical_fallback_runs_without_numpy():
    """Where the model cannot install, numpy is not installed either (requirements.txt)."""
    import subprocess
    import sys
    code = ("import sys; sys.modules['numpy'] = None\n"
            "from app.services import suggestions\n"
            "state = suggestions.BoardState(1, {1: 'Kortere saksbehandlingstid', "
            "2: 'Kortere saksbehandligstid', 3: 'Tolk'}, {1: None, 2: None, 3: 9}, {9: 'Språk'})\n"
            "payload, _, _ = suggestions.compute(state, {}, ({}, {}), None)\n"
            "assert payload['method'] == 'words' and [p[:2] for p in payload['duplicates']] == [[1, 2]], payload\n")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
