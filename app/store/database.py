"""Engine, sessions and migrations for SQLite (default) and PostgreSQL."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent.parent / "migrations"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL for concurrent readers; FULL sync so an acknowledged write survives a crash.

    The driver's own transaction handling is switched off so that
    ``_sqlite_begin`` can open every transaction with BEGIN IMMEDIATE: a unit
    of work that reads and then writes never fails to upgrade its lock.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted rows are overwritten with zeros, not left readable in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _private_file(url: str) -> None:
    """Make the SQLite file readable by its owner only, before SQLite opens it.

    SQLite gives the ``-wal`` and ``-shm`` files the database file's permissions,
    so those are private too.
    """
    path = url.split(":///", 1)[1] if ":///" in url else ""
    if not path or path.startswith((":memory:", "file:")):
        return
    file = Path(path)
    if file.parent.is_dir():
        file.touch(mode=0o600, exist_ok=True)
        for private in (file, file.with_name(file.name + "-wal"),
                        file.with_name(file.name + "-shm")):
            if private.exists():
                private.chmod(0o600)


def _sqlite_begin(connection) -> None:
    """Take SQLite's write lock up front (see ``_sqlite_pragmas``)."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def normalise_url(url: str) -> str:
    """Pick psycopg2 for a plain PostgreSQL URL (``postgres://`` accepted too).

    psycopg2 is the driver psycogreen makes cooperative under eventlet and
    gevent (app/asyncio_patch.py); SQLAlchemy 2.1 would otherwise pick psycopg 3.
    """
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):
            return "postgresql+psycopg2://" + url[len(plain):]
    return url


def pool_settings(config) -> dict:
    """Each worker's share of the database's connections.

    ``DB_CONNECTIONS`` is what all workers together may open (keep it below
    PostgreSQL's ``max_connections`` minus a few for maintenance); ``WORKERS``
    is how many workers share it. A request that finds the pool empty waits
    in line (up to ``DB_POOL_TIMEOUT`` seconds) instead of opening more
    connections than the server allows: a join storm queues, it never fails
    with "too many clients".
    """
    share = max(2, int(config.get("DB_CONNECTIONS", 60)) // max(1, int(config.get("WORKERS", 1))))
    steady = min(10, share)
    return {"pool_size": steady, "max_overflow": share - steady,
            "pool_timeout": float(config.get("DB_POOL_TIMEOUT", 30))}


class Database:
    """Holds the engine and session factory of one application."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None

    def init_app(self, app) -> None:
        """Bind to ``app.config['DATABASE_URL']`` and migrate if configured to."""
        self.connect(app.config["DATABASE_URL"], **pool_settings(app.config))
        app.extensions["verksted_db"] = self
        if app.config.get("AUTO_MIGRATE", True):
            self.migrate()

    def connect(self, url: str, pool_size: int = 10, max_overflow: int = 20,
                pool_timeout: float = 30.0) -> None:
        """Create the engine for ``url`` (the pool settings apply to PostgreSQL)."""
        url = normalise_url(url)
        if url.startswith("sqlite"):
            _private_file(url)
            # hide_parameters: a failed statement's error never carries note text.
            engine = create_engine(
                url, connect_args={"check_same_thread": False, "timeout": 30},
                hide_parameters=True)
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(url, pool_pre_ping=True, hide_parameters=True,
                                   pool_size=pool_size,
                                   max_overflow=max_overflow, pool_timeout=pool_timeout)
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def migrate(self, revision: str = "head") -> None:
        """Apply pending Alembic migrations (``migrations/``) up to ``revision``.

        On SQLite, foreign keys are switched off while migrating: a migration
        that rebuilds a table (SQLite cannot alter constraints in place) must
        not cascade-delete the rows that point at it.
        """
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        sqlite = self.engine.dialect.name == "sqlite"
        with self.engine.connect() as connection:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            try:
                with connection.begin():
                    if self.engine.dialect.name == "postgresql":
                        # Several workers may start at once: one migrates, the rest wait.
                        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(72450001)")
                    cfg.attributes["connection"] = connection
                    command.upgrade(cfg, revision)
            finally:
                if sqlite:
                    connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")

    def forget_deleted(self) -> None:
        """After deleting a workshop: on SQLite, copy the WAL into the database and
        truncate it, so deleted text does not linger in ``-wal`` (with
        ``secure_delete`` the freed pages are zeroed). Best effort: a busy reader
        only postpones it to SQLite's next automatic checkpoint."""
        if self.engine is None or self.engine.dialect.name != "sqlite":
            return
        raw = self.engine.raw_connection()  # autocommit: no BEGIN around the checkpoint
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        """Close pooled connections (tests, shutdown)."""
        if self.engine is not None:
            self.engine.dispose()
