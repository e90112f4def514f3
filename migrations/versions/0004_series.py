"""Series of workshops, and themes linked across them.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "series",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("secret_digest", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("secret_digest", name="uq_series_secret_digest"),
    )
    op.create_table(
        "series_workshops",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("series_id", sa.Integer,
                  sa.ForeignKey("series.id", ondelete="CASCADE"), nullable=False),
        sa.Column("workshop_id", sa.Integer,
                  sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workshop_id", name="uq_series_workshops_workshop_id"),
    )
    op.create_index("ix_series_workshops_series_id", "series_workshops", ["series_id"])
    op.create_table(
        "series_themes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("series_id", sa.Integer,
                  sa.ForeignKey("series.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_series_themes_series_id", "series_themes", ["series_id"])
    op.create_table(
        "series_theme_groups",
        sa.Column("theme_id", sa.Integer,
                  sa.ForeignKey("series_themes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("group_id", sa.Integer,
                  sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
        sa.UniqueConstraint("group_id", name="uq_series_theme_groups_group_id"),
    )


def downgrade() -> None:
    # Dropping a table drops its indexes too, on SQLite and PostgreSQL.
    for table in ("series_theme_groups", "series_themes", "series_workshops", "series"):
        op.drop_table(table)
