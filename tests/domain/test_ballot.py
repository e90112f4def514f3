"""A batch of dots checked in queue order against the board read once."""
from app.domain.ballot import Ballot, Placed, Tap
from app.domain.errors import DomainError
from app.domain.phases import VOTE, BoardRules
from app.domain.roles import Role
from app.domain.voting import Item

G7, N1, N2, N3 = Item("group", 7), Item("note", 1), Item("note", 2), Item("note", 3)
P = Role.PARTICIPANT


def ballot(budget: int = 2, phase: str = VOTE, dots=None, used=()) -> Ballot:
    return Ballot(BoardRules(phase=phase, vote_budget=budget), set(used), dots or {},
                  {G7, N1, N2, N3})


def code(outcome) -> str:
    assert isinstance(outcome, DomainError), outcome
    return outcome.code


def test_each_tap_counts_against_the_budget_of_the_taps_after_it():
    state = ballot(budget=2)
    assert state.tap(Tap(1, P, N1, "a")) == Placed([N1])
    assert state.tap(Tap(1, P, N2, "b")) == Placed([N1, N2])
    assert code(state.tap(Tap(1, P, N3, "c"))) == "budget_spent"
    assert state.tap(Tap(2, P, N3, "d")) == Placed([N3])  # another voter's own budget
    assert [(t.participant_id, t.item) for t in state.placed] == [(1, N1), (1, N2), (2, N3)]


def test_a_client_id_stored_or_placed_earlier_in_the_batch_is_a_duplicate():
    state = ballot(used={"old"}, dots={1: [(N1, N1)]})
    assert state.tap(Tap(1, P, N2, "old")) == Placed([N1], duplicate=True)
    assert state.tap(Tap(1, P, N2, "new")) == Placed([N1, N2])
    assert state.tap(Tap(1, P, N2, "new")) == Placed([N1, N2], duplicate=True)
    assert len(state.placed) == 1


def test_a_refused_tap_changes_nothing_and_its_resend_is_checked_again():
    state = ballot(budget=1)
    assert code(state.tap(Tap(1, P, Item("note", 99), "x"))) == "item_unknown"
    assert state.tap(Tap(1, P, N1, "x")) == Placed([N1])  # the same id, now a good item
    assert state.tap(Tap(1, P, N1, "x")) == Placed([N1], duplicate=True)


def test_dots_on_grouped_notes_count_for_their_group_and_the_phase_is_checked():
    state = ballot(budget=5, dots={1: [(N1, G7)]})
    assert code(state.tap(Tap(1, P, G7, "a"))) == "already_voted"
    assert code(ballot(phase="write").tap(Tap(1, P, N1, "b"))) == "phase_no_voting"
