"""Dot voting: place and take back dots within the board's budget.

The budget check and the insert run under the board's row lock, in a group
commit with the board's other writes (see ``unit.board_many``), so a hundred
phones tapping at once, or one phone firing fifty requests in parallel, can
never exceed the budget, on one worker or several. The dots of one batch are
checked together against the board read once (domain/ballot.py) and stored
with one insert.
"""
from __future__ import annotations

from ..domain import events as ev
from ..domain import ballot, ids, phases, voting
from ..domain.errors import DomainError
from ..domain.roles import Principal
from ..store import ballots, db, flow, queries
from . import views
from .unit import Change, board_batch, board_id_for, board_many


def _mine(change: Change, participant_id: int) -> list[dict]:
    return [views.item(voting.Item(v.item_kind, v.item_id))
            for v in flow.votes_of(change.session, change.row.id, participant_id)]


def _publish(change: Change, principal: Principal) -> dict:
    """Tell the voter's screens their dots."""
    mine = _mine(change, principal.participant_id)
    payload = {"board_id": change.row.id, "mine": mine,
               "budget": change.row.vote_budget}
    change.publish_to_participant(principal.participant_id, ev.VOTES_MINE, payload)
    return payload


def add(principal: Principal, board_id: object, raw_item: object, raw_cid: object,
        progress=None) -> dict:
    """Place one dot on an item; a repeated client id answers with the dots as they are."""
    tap = ballot.Tap(principal.participant_id, principal.role, voting.parse_item(raw_item),
                     ids.client_id(raw_cid))
    board = board_id_for(principal, board_id)
    result = board_many(board, _place_all, tap, principal)
    if progress is not None:
        progress(principal.workshop_id, board)
    return result


def _place_all(change: Change, taps: list[ballot.Tap]) -> list:
    """The dots of one batch: read once, checked in queue order, one insert.

    Every voter's screens get one ``votes:mine`` with their dots after the batch;
    every tap is answered with the voter's dots just after it.
    """
    board = change.row
    state = ballot.Ballot(
        flow.rules_of(board),
        ballots.used_client_ids(change.session, board.id, {t.client_id for t in taps}),
        ballots.dots_of_voters(change.session, board.id, {t.participant_id for t in taps}),
        ballots.votable_among(change.session, board.id, {t.item for t in taps}))
    answers: list = []
    last: dict[int, dict] = {}
    for tap in taps:
        outcome = state.tap(tap)
        if isinstance(outcome, Exception):
            answers.append(outcome)
            continue
        payload = {"board_id": board.id, "mine": [views.item(it) for it in outcome.mine],
                   "budget": board.vote_budget}
        last[tap.participant_id] = payload
        answers.append({**payload, "duplicate": True} if outcome.duplicate else payload)
    ballots.insert_votes(change.session, board.id,
                         [(t.participant_id, t.item, t.client_id) for t in state.placed])
    for participant_id, payload in last.items():
        change.publish_to_participant(participant_id, ev.VOTES_MINE, payload)
    return answers


def remove(principal: Principal, board_id: object, raw_item: object, progress=None) -> dict:
    """Take back one of my dots from an item (the most recent one)."""
    item = voting.parse_item(raw_item)
    board = board_id_for(principal, board_id)

    def take_back(change: Change) -> dict:
        phases.require_can_vote(flow.rules_of(change.row), principal.role)
        mine = [v for v, counts_for in flow.effective_dots(change.session, board,
                                                           principal.participant_id)
                if counts_for == item or (v.item_kind == item.kind and v.item_id == item.id)]
        if not mine:
            raise DomainError("no_dot_here")
        flow.remove_vote(change.session, mine[-1].id)
        return _publish(change, principal)

    result = board_batch(board, take_back)
    if progress is not None:
        progress(principal.workshop_id, board)
    return result


def progress_payloads(workshop_id: int, board_id: int) -> dict:
    """Vote progress for the facilitator and projector (counts only if allowed)."""
    with db.session() as session:
        board = queries.board_in_workshop(session, workshop_id, board_id)
        if board is None:
            return {}
        # What BoardReader.progress shows staff, from plain rows: this runs twice a
        # second during a vote and a board may hold thousands of dots.
        rules = flow.rules_of(board)
        rows = flow.vote_rows(session, board_id)
        progress = {"dots": len(rows), "voters": len({person for person, _, _ in rows})}
        if rules.live_counts or rules.votes_public:
            dots = [voting.Item(kind, item_id) for _, kind, item_id in rows]
            assignment = flow.assignment(session, board_id)
            progress["tally"] = {it.key: n for it, n in voting.tally(dots, assignment).items()}
        from ..domain.roles import Role
        return {role.value: {"board_id": board_id, **progress}
                for role in (Role.FACILITATOR, Role.PROJECTOR)}
