"""Vote budget, tallies and ranking with ties."""
import pytest

from app.domain import voting
from app.domain.errors import DomainError
from app.domain.voting import Item

G7, G8, N1, N2 = Item("group", 7), Item("group", 8), Item("note", 1), Item("note", 2)


def test_budget_is_enforced():
    voting.check_dot(budget=2, multi_dots=False, mine=[G7], item=G8)
    with pytest.raises(DomainError) as info:
        voting.check_dot(budget=2, multi_dots=False, mine=[G7, G8], item=N1)
    assert info.value.code == "budget_spent"


def test_one_dot_per_item_unless_multi_dots():
    with pytest.raises(DomainError) as info:
        voting.check_dot(budget=5, multi_dots=False, mine=[G7], item=G7)
    assert info.value.code == "already_voted"
    voting.check_dot(budget=5, multi_dots=True, mine=[G7, G7], item=G7)


def test_dots_on_grouped_notes_count_for_the_group_and_deleted_notes_vanish():
    counts = voting.tally([N1, N2, G7, Item("note", 99)], {1: 7, 2: None})
    assert counts == {G7: 2, N2: 1}


def test_ranking_shows_ties_as_ties():
    items = [G7, G8, N1, N2]
    ranked = voting.rank({G7: 3, G8: 5, N1: 3}, items)
    assert [(r, i, v) for r, i, v in ranked] == [(1, G8, 5), (2, G7, 3), (2, N1, 3), (4, N2, 0)]


def test_ranking_with_no_votes_puts_everyone_first():
    assert [r for r, _, _ in voting.rank({}, [G7, N1])] == [1, 1]


@pytest.mark.parametrize("raw", [None, {}, {"kind": "group"}, {"kind": "x", "id": 1},
                                 {"kind": "note", "id": "1"}, {"kind": "note", "id": True}])
def test_bad_items_are_refused(raw):
    with pytest.raises(DomainError):
        voting.parse_item(raw)
