"""A facilitator's "not this group" is stored with the board (store/dismissals.py): it goes
with its group and with the workshop, on SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import func, select

from app.domain.roles import Principal, Role
from app.domain.workshops import draft
from app.extensions import db
from app.services import boards, grouping, notes, suggestions, workshops
from app.store.models import SuggestionDismissal


def _rows() -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(SuggestionDismissal))


def test_dismissals_are_stored_and_go_with_their_group_and_workshop(app):
    with app.app_context():
        created = workshops.create(draft(title="Avvist", questions=["Hva?"]))
        workshop = workshops.get(created.id)
        lead = Principal(Role.FACILITATOR, created.id, nonce=workshop.access_nonce,
                         credential=workshop.facilitator_digest)
        board = workshop.current_board_id
        ids = [notes.create(lead, board, text, f"cid-000{i}")["note"]["id"]
               for i, text in enumerate(["Tolk", "Flere språk", "Åpent om kvelden", "Kveldsåpent",
                                         "Informasjon på arabisk"])]
        boards.set_phase(lead, board, "group")
        first = grouping.apply(lead, "combine", {"note_id": ids[0], "onto_note_id": ids[1]})
        second = grouping.apply(lead, "combine", {"note_id": ids[2], "onto_note_id": ids[3]})
        for group in (first["group_id"], second["group_id"]):
            suggestions.dismiss(lead, {"board_id": board, "note_id": ids[4], "group_id": group})
        suggestions.dismiss(lead, {"board_id": board, "note_id": ids[4],
                                   "group_id": first["group_id"]})  # a repeat changes nothing
        assert suggestions.load(board).dismissed == {(ids[4], first["group_id"]),
                                                     (ids[4], second["group_id"])}
        grouping.apply(lead, "dissolve", {"group_id": second["group_id"]})
        assert suggestions.load(board).dismissed == {(ids[4], first["group_id"])}
        workshops.delete(created.id)
        assert _rows() == 0
