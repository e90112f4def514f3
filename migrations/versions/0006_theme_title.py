"""A series theme's own name, given by the series owner (NULL: named after its groups).

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("series_themes") as table:
        table.add_column(sa.Column("title", sa.String(80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("series_themes") as table:
        table.drop_column("title")
