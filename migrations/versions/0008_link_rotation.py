"""Projector and facilitator links that can be replaced, and the digests of retired links.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("projector_generation", sa.Integer, nullable=False,
                                   server_default="0"))
    op.create_table(
        "retired_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer,
                  sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("digest", name="uq_retired_links_digest"),
        sqlite_autoincrement=True)
    op.create_index("ix_retired_links_workshop_id", "retired_links", ["workshop_id"])


def downgrade() -> None:
    op.drop_index("ix_retired_links_workshop_id", "retired_links")
    op.drop_table("retired_links")
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("projector_generation")
