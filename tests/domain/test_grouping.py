"""Grouping operations as plans over a note -> group assignment."""
import pytest

from app.domain import grouping
from app.domain.errors import DomainError
from app.domain.grouping import NEW


def test_dropping_a_note_on_an_ungrouped_note_makes_a_new_group_of_both():
    plan = grouping.combine({1: None, 2: None}, set(), 1, 2)
    assert plan.create and plan.moves == {1: NEW, 2: NEW}


def test_dropping_a_note_on_a_grouped_note_joins_that_group():
    plan = grouping.combine({1: None, 2: 7}, {7}, 1, 2)
    assert not plan.create and plan.moves == {1: 7}


def test_moving_the_last_note_out_removes_the_empty_group():
    plan = grouping.move({1: 7, 2: None}, {7}, 1, None)
    assert plan.moves == {1: None} and plan.remove == {7}


def test_moving_between_groups_keeps_the_group_that_still_has_notes():
    plan = grouping.move({1: 7, 2: 7, 3: 8}, {7, 8}, 1, 8)
    assert plan.moves == {1: 8} and plan.remove == set()


def test_moving_into_the_same_group_changes_nothing():
    assert grouping.move({1: 7}, {7}, 1, 7).moves == {}


def test_merge_moves_every_note_and_keeps_a_title():
    plan = grouping.merge({1: 7, 2: 7, 3: 8}, {7, 8}, 7, 8, {7: "Tillit", 8: ""})
    assert plan.moves == {1: 8, 2: 8} and plan.remove == {7} and plan.rename == {8: "Tillit"}
    titled = grouping.merge({1: 7, 3: 8}, {7, 8}, 7, 8, {7: "A", 8: "B"})
    assert titled.rename == {}


def test_dissolve_ungroups_every_note():
    plan = grouping.dissolve({1: 7, 2: 7, 3: None}, {7}, 7)
    assert plan.moves == {1: None, 2: None} and plan.remove == {7}


def test_new_group_with_selected_notes_takes_them_from_their_groups():
    plan = grouping.new_group({1: 7, 2: None, 3: 7}, [1, 2], " Språk ")
    assert plan.create and plan.new_title == "Språk" and plan.moves == {1: NEW, 2: NEW}
    assert plan.remove == set()
    emptied = grouping.new_group({1: 7, 2: None}, [1, 2])
    assert emptied.remove == {7}


def test_rename_normalises_the_title():
    assert grouping.rename({7}, 7, "  Bedre \u200b dialog ").rename == {7: "Bedre dialog"}


@pytest.mark.parametrize("call, code", [
    (lambda: grouping.combine({1: None}, set(), 1, 1), "group_same_note"),
    (lambda: grouping.combine({1: None}, set(), 1, 99), "note_unknown"),
    (lambda: grouping.move({1: None}, set(), 1, 99), "group_unknown"),
    (lambda: grouping.move({1: None}, set(), "1", None), "note_unknown"),
    (lambda: grouping.merge({}, {7}, 7, 7, {}), "group_same"),
    (lambda: grouping.new_group({1: None}, [], ""), "note_unknown"),
    (lambda: grouping.new_group({1: None}, "1", ""), "note_unknown"),
    (lambda: grouping.rename({7}, 7, "x" * 81), "group_title_too_long"),
    (lambda: grouping.dissolve({}, {7}, True), "group_unknown"),
])
def test_bad_operations_are_refused(call, code):
    with pytest.raises(DomainError) as info:
        call()
    assert info.value.code == code
