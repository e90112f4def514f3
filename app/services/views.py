"""Shape store rows into the JSON the protocol sends, per audience.

Every payload that leaves the server is built here, so what each audience
may see is decided in one place (docs/protocol.md lists the shapes).
"""
from __future__ import annotations

from datetime import datetime, timezone

from ..domain.roles import Role
from ..domain.secrets import format_join_code
from ..store.models import Board, Note, Workshop


def iso(moment: datetime) -> str:
    """An ISO 8601 UTC timestamp ending in Z (SQLite hands back naive UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


def note(row: Note, *, show_name: bool, mine: bool | None = None) -> dict:
    """A note as every audience sees it; ``mine`` only in a participant's own views."""
    view = {
        "id": row.id,
        "board_id": row.board_id,
        "cid": row.client_id,
        "text": row.text,
        "name": row.author_name if show_name else "",
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }
    if mine is not None:
        view["mine"] = mine
    return view


def workshop(row: Workshop, role: Role) -> dict:
    """Workshop-level state; the join code and title are public to the room."""
    return {
        "id": row.id,
        "title": row.title,
        "stakeholder": row.stakeholder,
        "language": row.language,
        "allow_names": row.allow_names,
        "join_code": format_join_code(row.join_code),
        "current_board_id": row.current_board_id,
        "version": row.version,
    }


def board(row: Board, notes: list[dict]) -> dict:
    """A board with its (already projected) notes."""
    return {
        "id": row.id,
        "position": row.position,
        "question": row.question,
        "version": row.version,
        "notes": notes,
    }
