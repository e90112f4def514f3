"""Phase rules: who may post, group and vote when."""
import pytest

from app.domain import phases
from app.domain.errors import DomainError
from app.domain.phases import BoardRules
from app.domain.roles import Role

P, F, S = Role.PARTICIPANT, Role.FACILITATOR, Role.PROJECTOR


def refused(check, rules, role):
    with pytest.raises(DomainError) as info:
        check(rules, role)
    return info.value.code


def test_participants_post_only_while_writing_unless_late_notes():
    phases.require_can_post(BoardRules(phase="write"), P)
    assert refused(phases.require_can_post, BoardRules(phase="group"), P) == "phase_no_posting"
    phases.require_can_post(BoardRules(phase="group", late_notes=True), P)
    assert refused(phases.require_can_post, BoardRules(phase="vote"), P) == "phase_no_posting"
    assert refused(phases.require_can_post, BoardRules(phase="vote", late_notes=True),
                   P) == "phase_no_posting"


def test_facilitator_may_post_in_any_phase_and_projector_never():
    for phase in phases.PHASES:
        phases.require_can_post(BoardRules(phase=phase, locked=True), F)
        assert refused(phases.require_can_post, BoardRules(phase=phase), S) == "forbidden"


def test_locked_board_refuses_participants():
    assert refused(phases.require_can_post, BoardRules(locked=True), P) == "board_locked"
    assert refused(phases.require_can_vote, BoardRules(phase="vote", locked=True),
                   P) == "board_locked"


def test_grouping_rules():
    phases.require_can_group(BoardRules(phase="group"), F)
    phases.require_can_group(BoardRules(phase="write"), F)
    assert refused(phases.require_can_group, BoardRules(phase="vote"), F) == "phase_no_grouping"
    assert refused(phases.require_can_group, BoardRules(phase="group"),
                   P) == "grouping_not_allowed"
    phases.require_can_group(BoardRules(phase="group", participants_group=True), P)
    assert refused(phases.require_can_group, BoardRules(phase="write", notes_hidden=True),
                   F) == "notes_hidden_grouping"


def test_voting_only_in_vote_phase():
    phases.require_can_vote(BoardRules(phase="vote"), P)
    for phase in ("write", "group", "results"):
        assert refused(phases.require_can_vote, BoardRules(phase=phase), P) == "phase_no_voting"


def test_leaving_writing_reveals_hidden_notes_and_going_back_keeps_them_revealed():
    hidden = BoardRules(notes_hidden=True)
    assert not hidden.notes_public
    grouped = phases.enter(hidden, "group")
    assert grouped.revealed and grouped.notes_public
    assert phases.enter(grouped, "write").notes_public


def test_votes_are_public_only_in_results():
    assert [phases.BoardRules(phase=p).votes_public for p in phases.PHASES] == [
        False, False, False, True]


@pytest.mark.parametrize("raw, code", [
    ({}, "settings_invalid"), ("x", "settings_invalid"), ({"vote_budget": 0}, "budget_invalid"),
    ({"vote_budget": 51}, "budget_invalid"), ({"vote_budget": True}, "settings_invalid"),
    ({"locked": "yes"}, "settings_invalid"), ({"revealed": True}, "settings_invalid"),
    ({"phase": "vote"}, "settings_invalid"),
])
def test_bad_settings_are_refused(raw, code):
    with pytest.raises(DomainError) as info:
        phases.settings(BoardRules(), raw)
    assert info.value.code == code


def test_settings_change_only_what_is_named():
    rules = phases.settings(BoardRules(), {"vote_budget": 3, "multi_dots": True})
    assert (rules.vote_budget, rules.multi_dots, rules.phase) == (3, True, "write")


def test_unknown_phase_is_refused():
    with pytest.raises(DomainError):
        phases.parse_phase("brainstorm")
