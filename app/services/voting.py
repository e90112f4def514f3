"""Dot voting: place and take back dots within the board's budget.

The budget check and the insert run under the board's row lock, in a group
commit with the board's other writes (see ``unit.board_batch``), so a hundred phones tapping at once, or one phone
firing fifty requests in parallel, can never exceed the budget, on one
worker or several.
"""
from __future__ import annotations

from ..domain import events as ev
from ..domain import ids, phases, voting
from ..domain.errors import DomainError
from ..domain.roles import Principal
from ..store import db, flow, queries
from . import views
from .unit import Change, board_batch, board_id_for


class _AlreadyPlaced(Exception):
    """A repeated client id: roll back and answer with the current dots."""


def _is_item(change: Change, item: voting.Item) -> bool:
    """Whether ``item`` is votable on this board now (a group, or an ungrouped note)."""
    return flow.is_item(change.session, change.row.id, item)


def _mine(change: Change, participant_id: int) -> list[dict]:
    return [views.item(voting.Item(v.item_kind, v.item_id))
            for v in flow.votes_of(change.session, change.row.id, participant_id)]


def _publish(change: Change, principal: Principal,
             placed: list[voting.Item] | None = None) -> dict:
    """Tell the voter's screens their dots; ``placed`` are they if the caller knows them."""
    mine = (_mine(change, principal.participant_id) if placed is None
            else [views.item(it) for it in placed])
    payload = {"board_id": change.row.id, "mine": mine,
               "budget": change.row.vote_budget}
    change.publish_to_participant(principal.participant_id, ev.VOTES_MINE, payload)
    return payload


def add(principal: Principal, board_id: object, raw_item: object, raw_cid: object,
        progress=None) -> dict:
    """Place one dot on an item."""
    item = voting.parse_item(raw_item)
    cid = ids.client_id(raw_cid)
    board = board_id_for(principal, board_id)

    def place(change: Change) -> dict:
        repeated, votes = flow.dots_for_request(change.session, board,
                                                principal.participant_id, cid)
        if repeated:
            raise _AlreadyPlaced()
        rules = flow.rules_of(change.row)
        phases.require_can_vote(rules, principal.role)
        if not _is_item(change, item):
            raise DomainError("item_unknown")
        mine = [it for _, it in flow.effective_of(change.session, votes)]
        voting.check_dot(budget=rules.vote_budget, multi_dots=rules.multi_dots,
                         mine=mine, item=item)
        flow.add_vote(change.session, board_id=board,
                      participant_id=principal.participant_id, item=item, client_id=cid)
        # The new dot has the highest id: the voter's dots are those read, then it.
        placed = [voting.Item(v.item_kind, v.item_id) for v in votes] + [item]
        return _publish(change, principal, placed)

    try:
        result = board_batch(board, place)
    except _AlreadyPlaced:
        return board_batch(board, lambda change: {**_publish(change, principal),
                                                  "duplicate": True})
    if progress is not None:
        progress(principal.workshop_id, board)
    return result


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
