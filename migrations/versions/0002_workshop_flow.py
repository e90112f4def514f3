"""Phases, settings and timer on boards; groups; votes; note grouping and hiding.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

def board_columns() -> list[sa.Column]:
    return [
        sa.Column("phase", sa.String(16), nullable=False, server_default="write"),
        sa.Column("notes_hidden", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("revealed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("late_notes", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("participants_group", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("locked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("vote_budget", sa.Integer, nullable=False, server_default="5"),
        sa.Column("multi_dots", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("live_counts", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("timer_state", sa.String(16), nullable=False, server_default="stopped"),
        sa.Column("timer_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("timer_remaining", sa.Float, nullable=True),
        sa.Column("timer_duration", sa.Float, nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("boards") as batch:
        for column in board_columns():
            batch.add_column(column)
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("board_id", sa.Integer,
                  sa.ForeignKey("boards.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_groups_board_id", "groups", ["board_id"])
    with op.batch_alter_table("notes") as batch:
        batch.add_column(sa.Column("group_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("hidden", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        batch.create_foreign_key("fk_notes_group_id", "groups", ["group_id"], ["id"],
                                 ondelete="SET NULL")
        batch.create_index("ix_notes_group_id", ["group_id"])
    op.create_table(
        "votes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("board_id", sa.Integer,
                  sa.ForeignKey("boards.id", ondelete="CASCADE"), nullable=False),
        sa.Column("participant_id", sa.Integer,
                  sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_kind", sa.String(8), nullable=False),
        sa.Column("item_id", sa.Integer, nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("board_id", "client_id"),
    )
    op.create_index("ix_votes_board_id", "votes", ["board_id"])
    op.create_index("ix_votes_participant_id", "votes", ["participant_id"])


def downgrade() -> None:
    op.drop_table("votes")
    with op.batch_alter_table("notes") as batch:
        batch.drop_index("ix_notes_group_id")
        batch.drop_constraint("fk_notes_group_id", type_="foreignkey")
        batch.drop_column("hidden")
        batch.drop_column("group_id")
    op.drop_table("groups")
    with op.batch_alter_table("boards") as batch:
        for column in reversed(board_columns()):
            batch.drop_column(column.name)
