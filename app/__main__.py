"""``python -m app``: run Verksted on the embedded default (one process, SQLite).

Monkey patching must happen before anything imports the standard library's
socket or threading modules, so the app is imported only after the async
library has been chosen from the command line.
"""
from __future__ import annotations

import argparse
import os
import socket
import sys


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description="Verksted: live sticky-note workshops. Runs one server process "
                    "with an embedded SQLite database.")
    parser.add_argument("--host", default=os.environ.get("VERKSTED_HOST", "0.0.0.0"),
                        help="address to listen on (default 0.0.0.0: reachable from "
                             "phones on the same network)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")),
                        help="port to listen on (default 5000, or $PORT)")
    parser.add_argument("--data-dir", default=os.environ.get("VERKSTED_DATA_DIR"),
                        help="folder for the SQLite database and secret key "
                             "(default ./instance, or $VERKSTED_DATA_DIR)")
    parser.add_argument("--public-url", default=os.environ.get("VERKSTED_PUBLIC_URL"),
                        help="base URL phones use to reach this server (default: "
                             "http://<this machine's LAN address>:<port>)")
    parser.add_argument("--async-mode", choices=("eventlet", "gevent"),
                        default=os.environ.get("VERKSTED_ASYNC_MODE", "gevent"),
                        help="networking library (default gevent: better tail latency "
                             "measured, docs/performance.md; eventlet is deprecated upstream)")
    parser.add_argument("--workers", type=int, default=1,
                        help="run N worker processes behind HAProxy on this port (needs "
                             "REDIS_URL and PostgreSQL via DATABASE_URL; haproxy installed)")
    parser.add_argument("--quiet", action="store_true",
                        help="do not draw QR codes, and never print facilitator links "
                             "(for services whose output ends up in a log)")
    return parser.parse_args(argv)


def lan_address() -> str:
    """This machine's address on its LAN, as phones on the same Wi-Fi see it.

    Connecting a UDP socket sends no packet; it only asks the kernel which
    interface would be used. The documentation address 192.0.2.1 is never routed.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def run_cluster(args: argparse.Namespace, public_url: str) -> None:
    """Several workers behind HAProxy on one port (see app/cluster.py)."""
    from .checks import StartupError, database, redis
    from .cluster import Cluster
    from .config import data_dir, database_url, ensure_secret_key

    if not os.environ.get("REDIS_URL"):
        print("verksted: --workers needs REDIS_URL (the workers keep in step through Redis)",
              file=sys.stderr)
        sys.exit(2)
    try:
        database(database_url())
        redis(os.environ["REDIS_URL"])
    except StartupError as error:
        print(f"verksted: {error}", file=sys.stderr)
        sys.exit(2)
    ensure_secret_key(data_dir())
    worker_args = ["--public-url", public_url, "--async-mode", args.async_mode]
    Cluster(args.host, args.port, args.workers, worker_args, data_dir() / "haproxy").run()


def main(argv: list[str] | None = None) -> None:
    """Parse options, patch the async library, build the app and serve."""
    args = parse_args(argv)
    if args.data_dir:
        os.environ["VERKSTED_DATA_DIR"] = args.data_dir
    os.environ["VERKSTED_ASYNC_MODE"] = args.async_mode
    host_for_links = lan_address() if args.host in ("0.0.0.0", "::") else args.host
    public_url = (args.public_url or f"http://{host_for_links}:{args.port}").rstrip("/")
    if args.workers > 1:
        run_cluster(args, public_url)
        return
    from .asyncio_patch import patch
    patch(args.async_mode)

    from . import checks, create_app
    from .config import Config
    from .console import Announcer
    from .server import serve

    try:
        checks.database(Config.DATABASE_URL)
        checks.redis(Config.REDIS_URL)
    except checks.StartupError as error:
        print(f"verksted: {error}", file=sys.stderr)
        sys.exit(2)

    announcer = Announcer(public_url, draw_qr=not args.quiet)
    app = create_app(Config, {"PUBLIC_URL": public_url, "ASYNC_MODE": args.async_mode,
                              # A facilitator link in a log (journald keeps it) is a
                              # key left lying around: --quiet prints none.
                              "ON_WORKSHOP_CREATED": None if args.quiet
                              else announcer.workshop_created})
    announcer.started(app)
    if warning := checks.statement_warning(app.config):
        print(f"verksted: {warning}", file=sys.stderr)
    try:
        serve(app, args.host, args.port, args.async_mode)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)


if __name__ == "__main__":
    main()
