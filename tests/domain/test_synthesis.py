"""Shares of a group's dots, shared and single themes, and linking rules across workshops."""
from __future__ import annotations

import pytest

from app.domain.errors import DomainError
from app.domain.synthesis import Column, Theme, default_name, share, synthesise
from app.domain.themes import GroupRef, LinkPlan, left_alone, plan_link


@pytest.mark.parametrize(("votes", "dots", "expected"), [
    (3, 8, 0.375), (0, 8, 0.0), (4, 4, 1.0), (0, 0, 0.0), (2, 0, 0.0)])
def test_share_of_dots(votes, dots, expected):
    assert share(votes, dots) == expected


def column(workshop_id, label, dots, *themes):
    return Column(workshop_id, label, participants=dots // 2, dots=dots, voters=dots // 2,
                  themes=tuple(Theme(g, t, v) for g, t, v in themes), question="Spørsmål?")


def test_a_small_room_and_a_big_room_compare_by_share():
    big = column(1, "Innbyggere", 40, (11, "Raskere svar fra kommunen", 20), (12, "Møteplasser", 10))
    small = column(2, "Politikere", 4, (21, "Raskere svar", 2), (22, "Medvirkning", 2))
    result = synthesise(0, "Spørsmål?", [big, small], {11: 7, 21: 7})
    (theme,) = result.shared
    assert theme.theme_id == 7 and theme.named_by == 2
    assert [c.share for c in theme.cells] == [0.5, 0.5]
    assert theme.total_share == 1.0
    assert theme.title == "Raskere svar fra kommunen"  # ties: the first column's title
    assert [[c.theme.title for c in cells] for cells in result.only] == [
        ["Møteplasser"], ["Medvirkning"]]
    assert result.only[0][0].share == 0.25


def test_shared_themes_show_gaps_and_are_ordered_by_reach_then_weight():
    columns = [column(1, "Medarbeidere", 8, (1, "Tillit", 3), (2, "Raskere svar", 3)),
               column(2, "Ledere", 8, (3, "Tillit til kommunen", 4)),
               column(3, "Politikere", 3, (4, "Åpenhet og tillit", 2)),
               column(4, "Innbyggere", 10, (5, "Raskere svar fra kommunen", 5))]
    result = synthesise(0, "?", columns, {1: 1, 3: 1, 4: 1, 2: 2, 5: 2})
    assert [t.theme_id for t in result.shared] == [1, 2]
    trust, faster = result.shared
    assert [round(c.share, 4) if c else None for c in trust.cells] == [0.375, 0.5, 0.6667, None]
    assert trust.title == "Tillit til kommunen"  # the group that got the most dots names it
    assert [c.share if c else None for c in faster.cells] == [0.375, None, None, 0.5]
    assert all(not cells for cells in result.only)


def test_a_theme_left_with_one_workshop_counts_as_raised_by_one_group():
    columns = [column(1, "A", 4, (1, "Tillit", 1)), column(2, "B", 4, (2, "Noe annet", 1))]
    result = synthesise(0, "?", columns, {1: 9})  # its partner group was deleted
    assert result.shared == ()
    assert [c.theme.group_id for c in result.only[0]] == [1]


def test_a_workshop_without_the_question_or_dots_gets_zero_shares():
    columns = [column(1, "A", 0, (1, "Tillit", 0)), Column(2, "B", 0, 0, 0, ())]
    result = synthesise(1, "?", columns, {})
    assert result.only[0][0].share == 0.0 and result.only[1] == ()


G = GroupRef


def test_linking_two_free_groups_makes_a_new_theme():
    assert plan_link(G(1, 10, 0), G(2, 20, 0), {}, {}) == LinkPlan(None, frozenset({1, 2}),
                                                                    frozenset())


def test_linking_into_an_existing_theme_and_merging_two_themes():
    members = {100: [G(1, 10, 0), G(2, 20, 0)], 200: [G(3, 30, 0), G(4, 40, 0)]}
    theme_of = {1: 100, 2: 100, 3: 200, 4: 200}
    joined = plan_link(G(5, 50, 0), G(1, 10, 0), theme_of, members)
    assert joined == LinkPlan(100, frozenset({5}), frozenset())
    merged = plan_link(G(1, 10, 0), G(3, 30, 0), theme_of, members)
    assert merged == LinkPlan(100, frozenset({3, 4}), frozenset({200}))
    again = plan_link(G(1, 10, 0), G(2, 20, 0), theme_of, members)
    assert again.changes_nothing


@pytest.mark.parametrize(("a", "b", "code"), [
    (G(1, 10, 0), G(1, 10, 0), "themes_same_group"),
    (G(6, 10, 0), G(7, 20, 1), "themes_other_question"),
    (G(6, 10, 0), G(7, 10, 0), "themes_same_workshop"),
    (G(5, 20, 0), G(1, 10, 0), "themes_same_workshop"),  # theme 100 already has workshop 20
])
def test_links_that_cannot_be_one_theme_are_refused(a, b, code):
    members = {100: [G(1, 10, 0), G(2, 20, 0)]}
    with pytest.raises(DomainError) as refused:
        plan_link(a, b, {1: 100, 2: 100}, members)
    assert refused.value.code == code


def test_a_theme_with_one_group_left_goes():
    assert left_alone(1) and left_alone(0) and not left_alone(2)


def test_a_linked_theme_is_named_by_its_owner_else_after_its_most_voted_group():
    columns = [column(1, "Medarbeidere", 8, (1, "Tillit og åpenhet", 3)),
               column(2, "Ledere", 8, (3, "Tillit til kommunen", 3)),
               column(3, "Politikere", 3, (4, "", 5))]
    (theme,) = synthesise(0, "?", columns, {1: 1, 3: 1, 4: 1}).shared
    assert theme.title == "Tillit og åpenhet"  # a tie: the first workshop's; nameless skipped
    assert default_name(theme.cells) == "Tillit og åpenhet"
    (named,) = synthesise(0, "?", columns, {1: 1, 3: 1, 4: 1}, {1: "Tillit"}).shared
    assert named.title == "Tillit"


def test_notes_with_dots_in_no_group_stay_in_the_synthesis():
    loose = (Theme(501, "Bedre skilting på rådhuset", 2, kind="note"),
             Theme(502, "Ingen prikker her", 0, kind="note"))
    columns = [Column(1, "Medarbeidere", 4, 8, 4, (Theme(1, "Tillit", 3),), "?", loose)]
    result = synthesise(0, "?", columns, {})
    assert [(c.theme.title, c.theme.kind, c.share) for c in result.only[0]] == [
        ("Tillit", "group", 0.375), ("Bedre skilting på rådhuset", "note", 0.25)]
