"""Alembic environment: runs on the connection the app hands over."""
from alembic import context

from app.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs `alembic` by hand
    from sqlalchemy import create_engine
    import os

    from app.config import default_database_url

    engine = create_engine(os.environ.get("DATABASE_URL") or default_database_url())
    connection = engine.connect()

context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
