"""Workshops, boards, participants and notes.

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("join_code", sa.String(12), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("stakeholder", sa.String(100), nullable=False, server_default=""),
        sa.Column("language", sa.String(8), nullable=False, server_default="nb"),
        sa.Column("allow_names", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("facilitator_digest", sa.String(64), nullable=False, unique=True),
        sa.Column("projector_digest", sa.String(64), nullable=False, unique=True),
        sa.Column("current_board_id", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "boards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer,
                  sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("question", sa.String(400), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_boards_workshop_id", "boards", ["workshop_id"])
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer,
                  sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_digest", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workshop_id", "token_digest"),
    )
    op.create_index("ix_participants_workshop_id", "participants", ["workshop_id"])
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("board_id", sa.Integer,
                  sa.ForeignKey("boards.id", ondelete="CASCADE"), nullable=False),
        sa.Column("participant_id", sa.Integer,
                  sa.ForeignKey("participants.id", ondelete="SET NULL"), nullable=True),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("board_id", "client_id"),
    )
    op.create_index("ix_notes_board_id", "notes", ["board_id"])


def downgrade() -> None:
    op.drop_table("notes")
    op.drop_table("participants")
    op.drop_table("boards")
    op.drop_table("workshops")
