"""A facilitator's "not this group" dismissals of grouping suggestions (issue 16).

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggestion_dismissals",
        sa.Column("note_id", sa.Integer,
                  sa.ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("group_id", sa.Integer,
                  sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("board_id", sa.Integer,
                  sa.ForeignKey("boards.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_suggestion_dismissals_board_id", "suggestion_dismissals", ["board_id"])


def downgrade() -> None:
    op.drop_index("ix_suggestion_dismissals_board_id", "suggestion_dismissals")
    op.drop_table("suggestion_dismissals")
