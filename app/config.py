"""Configuration classes, read from the environment."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Where the embedded database and the generated secret key live."""
    return Path(os.environ.get("VERKSTED_DATA_DIR") or PROJECT_ROOT / "instance")


def default_database_url() -> str:
    """SQLite file in the data directory: the embedded default."""
    return f"sqlite:///{data_dir() / 'verksted.db'}"


def database_url() -> str:
    """``DATABASE_URL`` or the SQLite default."""
    from .store.database import normalise_url
    return normalise_url(os.environ.get("DATABASE_URL") or default_database_url())


def ensure_secret_key(folder: Path) -> str:
    """A secret key generated once and kept in the data directory.

    Embedded mode needs no set-up, yet cookies and CSRF tokens survive a
    restart of the server.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "secret_key"
    if not path.exists():
        # Written under a temporary name and renamed, so workers starting at
        # the same moment never read a half-written key.
        draft = folder / f".secret_key.{os.getpid()}"
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


class Config:
    """The embedded default: one process, SQLite, no Redis."""

    TESTING = False
    DATA_DIR = str(data_dir())
    DATABASE_URL = database_url()
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # PostgreSQL connections all workers together may open, how many workers share
    # them (python -m app --workers sets it), and how long a request waits in line
    # for one (docs/performance.md, "Database connections").
    DB_CONNECTIONS = int(os.environ.get("VERKSTED_DB_CONNECTIONS", "60"))
    WORKERS = int(os.environ.get("VERKSTED_WORKERS", "1"))
    DB_POOL_TIMEOUT = float(os.environ.get("VERKSTED_DB_POOL_TIMEOUT", "30"))
    REDIS_PREFIX = os.environ.get("VERKSTED_REDIS_PREFIX", "verksted")
    ASYNC_MODE = os.environ.get("VERKSTED_ASYNC_MODE", "gevent")
    PUBLIC_URL = os.environ.get("VERKSTED_PUBLIC_URL") or None
    AUTO_MIGRATE = True
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    # WebSocket compression (permessage-deflate): "on" or "off", the server's window in
    # bits (9-15) and zlib memory level (1-9); chosen by measurement in docs/performance.md
    # ("WebSocket compression"): memory per phone against bytes a phone downloads.
    WS_COMPRESSION = os.environ.get("VERKSTED_WS_COMPRESSION", "on")
    WS_WINDOW_BITS = int(os.environ.get("VERKSTED_WS_WINDOW_BITS", "10"))
    WS_MEM_LEVEL = int(os.environ.get("VERKSTED_WS_MEM_LEVEL", "4"))
    PRESENCE_INTERVAL = 1.0  # seconds between presence broadcasts to a workshop
    SUGGESTION_DELAY = 0.3  # seconds of calm before grouping suggestions are refreshed
    # Limits against floods (docs/security.md); shared across workers when Redis is on.
    LIMIT_NOTES_PER_MINUTE = int(os.environ.get("VERKSTED_LIMIT_NOTES_PER_MINUTE", "30"))
    LIMIT_VOTES_PER_SECOND = int(os.environ.get("VERKSTED_LIMIT_VOTES_PER_SECOND", "10"))
    LIMIT_REQUESTS_PER_SECOND = int(os.environ.get("VERKSTED_LIMIT_REQUESTS_PER_SECOND", "30"))
    LIMIT_JOIN_ATTEMPTS_PER_MINUTE = int(
        os.environ.get("VERKSTED_LIMIT_JOIN_ATTEMPTS_PER_MINUTE", "20"))
    # Every wrong code or link from one address, whoever typed it: one venue's Wi-Fi
    # puts a whole hall behind one address, so this is generous (docs/security.md).
    LIMIT_JOIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE = int(
        os.environ.get("VERKSTED_LIMIT_JOIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE", "300"))
    # New anonymous participants per address and workshop: a 1,000-person hall behind
    # one venue address, joining within the same minute, fits (with reloads to spare).
    LIMIT_NEW_PARTICIPANTS_PER_ADDRESS_PER_MINUTE = int(
        os.environ.get("VERKSTED_LIMIT_NEW_PARTICIPANTS_PER_ADDRESS_PER_MINUTE", "1500"))
    LIMIT_CONNECTIONS_PER_ADDRESS = int(
        os.environ.get("VERKSTED_LIMIT_CONNECTIONS_PER_ADDRESS", "2000"))
    # A socket that has not completed a Socket.IO connect (signed in with its link or
    # cookie) this many seconds after its handshake is closed; until then it counts
    # against LIMIT_CONNECTIONS_PER_ADDRESS like any other (app/realtime/sessions.py).
    SOCKET_CONNECT_TIMEOUT = float(os.environ.get("VERKSTED_SOCKET_CONNECT_TIMEOUT", "15"))
    # Load balancers / reverse proxies in front (addresses or networks, comma-separated):
    # X-Forwarded-For is believed only on requests that come from one of them.
    TRUSTED_PROXIES = os.environ.get("VERKSTED_TRUSTED_PROXIES") or None
    # Delete workshops this many days after they were created (0: keep until deleted).
    RETENTION_DAYS = int(os.environ.get("VERKSTED_RETENTION_DAYS", "0"))
    # The accessibility statement (/tilgjengelighet): who runs this Verksted, where to
    # write, when it was last assessed (YYYY-MM-DD), its statement on uustatus.no and
    # the deviations its own assessment found (plain text).
    # Unset values: neutral words on the page and a warning at start (app/checks.py).
    ORG_NAME = os.environ.get("VERKSTED_ORG_NAME") or None
    CONTACT_EMAIL = os.environ.get("VERKSTED_CONTACT_EMAIL") or None
    ACCESSIBILITY_ASSESSED = os.environ.get("VERKSTED_ACCESSIBILITY_ASSESSED") or None
    UUSTATUS_URL = os.environ.get("VERKSTED_UUSTATUS_URL") or None
    ACCESSIBILITY_DEVIATIONS = os.environ.get("VERKSTED_ACCESSIBILITY_DEVIATIONS") or None  # own findings

    @classmethod
    def finalise(cls, config: dict) -> None:
        """Fill in what depends on other settings (called by create_app)."""
        if not config.get("SECRET_KEY"):
            config["SECRET_KEY"] = ensure_secret_key(Path(config["DATA_DIR"]))
        secure_cookies_over_https(config)


def secure_cookies_over_https(config: dict) -> None:
    """Served over HTTPS (the public URL says so): cookies never travel in clear."""
    if str(config.get("PUBLIC_URL") or "").startswith("https://"):
        config["SESSION_COOKIE_SECURE"] = True


class TestConfig(Config):
    """In-process tests: threading mode for the Flask-SocketIO test client."""

    TESTING = True
    ASYNC_MODE = "threading"
    REDIS_URL = None
    SECRET_KEY = "test-secret-key"
    PRESENCE_INTERVAL = 0.05


# Keys found in examples and tutorials: whoever knows one can forge a session cookie.
KNOWN_KEYS = {"secret", "secret-key", "secret_key", "secretkey", "changeme", "change-me",
              "change_me", "dev", "development", "test", "test-secret-key", "your-secret-key",
              "please-change-me", "verksted", "password", "default"}
MIN_KEY_LENGTH = 32


def weak_key_reason(key: str | None) -> str | None:
    """Why ``key`` cannot sign sessions in production, or None if it can."""
    if not key:
        return "SECRET_KEY must be set in production"
    if key.strip().lower() in KNOWN_KEYS:
        return "SECRET_KEY is a well-known example value; set a random one"
    if len(key) < MIN_KEY_LENGTH or len(set(key)) < 8:
        return (f"SECRET_KEY is too weak: use at least {MIN_KEY_LENGTH} random characters "
                "(python3 -c 'import secrets; print(secrets.token_hex(32))')")
    return None


class ProductionConfig(Config):
    """Several workers: SECRET_KEY must be shared, so it must be given, and strong."""

    @classmethod
    def finalise(cls, config: dict) -> None:
        if reason := weak_key_reason(config.get("SECRET_KEY")):
            raise RuntimeError(reason)
        secure_cookies_over_https(config)
