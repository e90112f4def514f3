"""Start-up checks that turn an unreachable service into one clear line."""
from __future__ import annotations

from urllib.parse import urlsplit


class StartupError(Exception):
    """A service the configuration names cannot be used; the message is for people."""


def _where(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    return f"{host}:{parts.port}" if parts.port else host


def database(url: str) -> None:
    """Connect once to the configured database."""
    from sqlalchemy import create_engine, text
    if url.startswith("sqlite"):
        return
    try:
        engine = create_engine(url, pool_pre_ping=True)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means the same to the operator
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise StartupError(f"Cannot use the database at {_where(url)} (DATABASE_URL): "
                           f"{reason}") from None


def redis(url: str | None) -> None:
    """Ping the configured Redis."""
    if not url:
        return
    import redis as redis_lib
    try:
        redis_lib.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception as error:  # noqa: BLE001
        raise StartupError(f"Cannot reach Redis at {_where(url)} (REDIS_URL): {error}") from None


STATEMENT_SETTINGS = {  # config key -> environment variable (the accessibility statement)
    "ORG_NAME": "VERKSTED_ORG_NAME",
    "CONTACT_EMAIL": "VERKSTED_CONTACT_EMAIL",
    "ACCESSIBILITY_ASSESSED": "VERKSTED_ACCESSIBILITY_ASSESSED",
    "UUSTATUS_URL": "VERKSTED_UUSTATUS_URL",
}


def statement_warning(config) -> str | None:
    """One line for the operator when the accessibility statement lacks its facts.

    The page (/tilgjengelighet) then says neutral words instead, never a placeholder;
    the regulation still expects the organisation to fill these in.
    """
    unset = [env for key, env in STATEMENT_SETTINGS.items() if not config.get(key)]
    if not unset:
        return None
    return ("warning: the accessibility statement (/tilgjengelighet) is incomplete; set "
            + ", ".join(unset) + " (see README, 'Accessibility statement')")
