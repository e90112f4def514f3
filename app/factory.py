"""The application factory: bind extensions, blueprints and socket handlers."""
from __future__ import annotations

import logging
import uuid
from pathlib import Path

from flask import Flask, render_template, request
from flask_babel import get_locale
from sqlalchemy.exc import TimeoutError as PoolTimeout

from .config import PROJECT_ROOT, Config
from .catalogues import ensure_compiled
from .extensions import babel, db, socketio
from .i18n import NAMES as LANGUAGE_NAMES, SUPPORTED, choose_locale, remember_choice
from .domain.errors import DomainError
from .messages import browser_strings, error_message, error_payload
from .realtime import deflate, eviction, handlers, origins, wire_json
from .realtime.sessions import SessionGuard
from .realtime.presence import Coalescer, InMemoryPresence, RedisPresence, presence_broadcaster
from .realtime.limits import Limiter, MemoryCounter, RedisCounter
from .realtime.publish import publisher
from .services.snapshots import SharedWrites, SnapshotCache
from .services.unit import board_listeners, commit_listeners, count_listeners, write_listeners
from .web import BLUEPRINTS, check_csrf, csrf_token
from .web.headers import secure_headers

MAX_SOCKET_MESSAGE = 16 * 1024  # bytes; a note is at most 280 characters


def create_app(config: type[Config] = Config, overrides: dict | None = None) -> Flask:
    """Build the application: bind extensions, blueprints and socket handlers."""
    app = Flask(__name__, static_folder=str(PROJECT_ROOT / "static"),
                template_folder=str(PROJECT_ROOT / "templates"))
    app.config.from_object(config)
    app.config.update(overrides or {})
    config.finalise(app.config)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ensure_compiled(
        Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]),
        Path(app.config["DATA_DIR"]) / "translations"))

    db.init_app(app)
    babel.init_app(app, locale_selector=choose_locale)
    socketio.init_app(
        app, async_mode=app.config["ASYNC_MODE"],
        client_manager=eviction.client_manager(
            app.config["REDIS_URL"], f"{app.config['REDIS_PREFIX']}-socketio"),
        max_http_buffer_size=MAX_SOCKET_MESSAGE,
        cors_allowed_origins=origins.checker(app.config.get("PUBLIC_URL")), json=wire_json,
        ping_interval=20, ping_timeout=20)
    deflate.install(socketio, deflate.Deflate.from_config(app.config))
    publisher.init_app(socketio)
    presence = _presence(app)
    app.extensions["verksted_presence"] = (
        presence, Coalescer(socketio, app.config["PRESENCE_INTERVAL"],
                            presence_broadcaster(presence, lambda workshop_id: app.extensions[
                                "verksted_limiter"].joins_per_minute(workshop_id))))
    app.extensions["verksted_vote_progress"] = Coalescer(
        socketio, app.config["PRESENCE_INTERVAL"] / 2, handlers.send_vote_progress)
    app.extensions["verksted_note_count"] = Coalescer(
        socketio, app.config["PRESENCE_INTERVAL"] / 2, handlers.send_note_count)
    app.extensions["verksted_suggestions"] = Coalescer(
        socketio, app.config["SUGGESTION_DELAY"], handlers.send_suggestions)
    board_listeners[:] = [app.extensions["verksted_suggestions"].changed_board]
    count_listeners[:] = [app.extensions["verksted_note_count"].changed_board]
    # One read per workshop change for every join; with several workers (Redis) the
    # writes of all of them are counted in Redis to know when a read still holds.
    app.extensions["verksted_snapshots"] = cache = SnapshotCache(shared=_shared_writes(app))
    commit_listeners[:] = [cache.changed]
    write_listeners[:] = [cache.shared] if cache.shared is not None else []
    app.extensions["verksted_limiter"] = _limiter(app)
    app.extensions["verksted_sessions"] = guard = SessionGuard(
        app.extensions["verksted_limiter"], app.config["SOCKET_CONNECT_TIMEOUT"],
        lambda environ: _refusal(app, environ, "rate_limited"))
    guard.install(socketio.server)
    handlers.register(socketio)
    if app.config["RETENTION_DAYS"] > 0:
        socketio.start_background_task(_retention, app.config["RETENTION_DAYS"])
    if app.config.get("TRUSTED_PROXIES"):
        from .web.proxies import TrustedProxies, parse_networks
        app.wsgi_app = TrustedProxies(app.wsgi_app, parse_networks(app.config["TRUSTED_PROXIES"]))

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.before_request(check_csrf)
    app.after_request(remember_choice)
    app.after_request(secure_headers)
    _template_helpers(app)
    _error_pages(app)
    return app


def _presence(app: Flask):
    """In memory for one process; in Redis when several workers share the room."""
    url = app.config["REDIS_URL"]
    if not url:
        return InMemoryPresence()
    import redis

    presence = RedisPresence(redis.Redis.from_url(url, socket_timeout=5,
                                                  socket_connect_timeout=3),
                             worker_id=uuid.uuid4().hex, prefix=app.config["REDIS_PREFIX"])

    def beat() -> None:
        while True:
            socketio.sleep(presence.ttl / 3)
            presence.heartbeat()

    socketio.start_background_task(beat)
    return presence


def _shared_writes(app: Flask) -> SharedWrites | None:
    """Writes counted in Redis when several workers share the workshops, else None."""
    if not app.config["REDIS_URL"]:
        return None
    import redis
    return SharedWrites(redis.Redis.from_url(app.config["REDIS_URL"], socket_timeout=2,
                                             socket_connect_timeout=2),
                        app.config["REDIS_PREFIX"])


def _limiter(app: Flask) -> Limiter:
    """Flood limits, counted in Redis when several workers share it."""
    if app.config["REDIS_URL"]:
        import redis
        counter = RedisCounter(redis.Redis.from_url(app.config["REDIS_URL"], socket_timeout=2),
                               app.config["REDIS_PREFIX"])
    else:
        counter = MemoryCounter()
    return Limiter(counter, app.config["SECRET_KEY"], app.config)


def _refusal(app: Flask, environ: dict, code: str) -> dict:
    """``{code, message}`` for a refused Engine.IO handshake, in the browser's language."""
    with app.request_context(environ):
        return error_payload(DomainError(code))


def _retention(days: int) -> None:
    """Delete workshops older than the retention period, hourly."""
    from .services import workshops
    while True:
        try:
            deleted = workshops.purge_older_than(days)
            if deleted:
                logging.getLogger(__name__).info("retention: deleted %s workshop(s)", deleted)
        except Exception:  # noqa: BLE001 - try again next hour
            logging.getLogger(__name__).exception("retention run failed")
        socketio.sleep(3600)


def _template_helpers(app: Flask) -> None:
    @app.context_processor
    def helpers() -> dict:
        locale = str(get_locale() or "nb")
        return {"csrf_token": csrf_token, "js_strings": browser_strings,
                "lang": locale, "languages": SUPPORTED, "language_names": LANGUAGE_NAMES}


def _error_pages(app: Flask) -> None:
    @app.errorhandler(400)
    def bad_request(error):
        code = "csrf" if getattr(error, "description", "") == "csrf" else "payload_invalid"
        return render_template("error.html", message=error_message(code)), 400

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("error.html", message=error_message("not_admitted")), 404

    @app.errorhandler(PoolTimeout)
    def busy(_error):
        # Every database connection stayed busy for DB_POOL_TIMEOUT: say so, and let the
        # browser try the same page again by itself.
        return (render_template("error.html", message=error_message("busy")), 503,
                {"Retry-After": "2", "Refresh": "2"})

    @app.errorhandler(500)
    def server_error(_error):
        app.logger.error("request failed: %s %s", request.method, request.path)
        return render_template("error.html", message=error_message("internal")), 500
