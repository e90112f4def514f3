"""Ids that are never reused, and a per-workshop access nonce.

SQLite hands out the highest rowid again after that row is deleted unless
the table is declared AUTOINCREMENT, so each table is rebuilt with it
(the copy keeps every id and sets the sequence to the highest one).
PostgreSQL sequences never go back: there only the nonce column is added.

Revision ID: 0005
Revises: 0004
"""
import secrets

from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = ("workshops", "boards", "participants", "groups", "notes", "votes",
          "series", "series_workshops", "series_themes")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for table in TABLES:
            with op.batch_alter_table(table, recreate="always",
                                      table_kwargs={"sqlite_autoincrement": True}):
                pass
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("access_nonce", sa.String(32), nullable=False,
                                   server_default=""))
    bind = op.get_bind()
    ids = bind.execute(sa.text("SELECT id FROM workshops")).scalars().all()
    for workshop_id in ids:
        bind.execute(sa.text("UPDATE workshops SET access_nonce = :nonce WHERE id = :id"),
                     {"nonce": secrets.token_hex(16), "id": workshop_id})


def downgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("access_nonce")
