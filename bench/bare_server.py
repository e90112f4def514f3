"""The bare-stack reference: Flask-SocketIO on the same async mode, relaying only.

It speaks just enough of Verksted's protocol for the same load generator to
drive it unchanged: a join page that sets a cookie, a handshake with ``auth``,
a small ``snapshot`` on connect, and requests answered through their
acknowledgement. It stores nothing and checks nothing: ``note:create`` is relayed
to a room (every screen while notes are public; the author plus a count to the
projector while they are hidden), ``vote:add`` is counted in memory. Whatever
Verksted costs on top of this is the application's own cost.

    python bench/bare_server.py --port 5100 --async-mode gevent [--redis URL]
"""
from __future__ import annotations

import argparse
import os


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--async-mode", choices=("eventlet", "gevent"), default="eventlet")
    parser.add_argument("--redis", default=None, help="message queue between several bare servers")
    args = parser.parse_args()

    if args.async_mode == "eventlet":
        import warnings
        warnings.filterwarnings("ignore")
        import eventlet
        eventlet.monkey_patch()
    else:
        from gevent import monkey
        monkey.patch_all()

    import itertools
    import secrets

    from flask import Flask, make_response, request
    from flask_socketio import SocketIO, emit, join_room

    app = Flask(__name__)
    socketio = SocketIO(app, async_mode=args.async_mode, message_queue=args.redis,
                        channel="bare-bench", ping_interval=20, ping_timeout=20,
                        max_http_buffer_size=16 * 1024)
    page = "<!doctype html><html><body>" + "x" * 3000 + "</body></html>"
    # With several relays the board's state is shared the simplest way: hidden mode
    # from the environment (the bench sets it for the hidden scenario), the note
    # count in Redis; note ids are made unique per process.
    state = {"hidden": os.environ.get("BARE_HIDDEN") == "1", "phase": "write", "version": 0,
             "count": 0}
    counter = None
    if args.redis:
        import redis
        counter = redis.Redis.from_url(args.redis)
        counter.set("bare-count", 0)
    ids = (n * 1000 + os.getpid() % 1000 for n in itertools.count(1))
    who: dict[str, tuple[str, str]] = {}
    dots: dict[str, int] = {}

    @app.get("/j/<code>")
    def join(code):
        response = make_response(page)
        if "vp1" not in request.cookies:
            response.set_cookie("vp1", secrets.token_urlsafe(20), httponly=True, samesite="Lax")
        return response

    @app.get("/healthz")
    def health():
        return {"ok": True, "async_mode": args.async_mode, "worker": os.getpid()}

    @socketio.on("connect")
    def connect(auth=None):
        role = (auth or {}).get("role")
        if role not in ("participant", "projector", "facilitator"):
            raise ConnectionRefusedError({"code": "not_admitted"})
        person = request.cookies.get("vp1", request.sid)
        who[request.sid] = (role, person)
        join_room(role)
        join_room("all")
        emit("snapshot", {"workshop": {"id": 1, "current_board_id": 1, "version": 1},
                          "boards": [{"id": 1, "version": state["version"], "phase": state["phase"],
                                      "settings": {"notes_hidden": state["hidden"]},
                                      "notes": [], "note_count": state["count"], "groups": [],
                                      "votes": {}}],
                          "you": {"role": role}, "presence": len(who)})

    @socketio.on("disconnect")
    def disconnect(*_):
        who.pop(request.sid, None)

    @socketio.on("note:create")
    def note_create(data):
        state["version"] += 1
        state["count"] = counter.incr("bare-count") if counter else state["count"] + 1
        note = {"id": next(ids), "board_id": 1, "cid": data.get("cid"), "text": data.get("text"),
                "name": "", "group_id": None, "created_at": None, "updated_at": None}
        if state["hidden"]:
            emit("note:created", {"board_id": 1, "note": {**note, "mine": True}}, to=request.sid)
            emit("note:created", {"board_id": 1, "note": note}, to="facilitator")
            # The cid lets the bench time the count exactly (Verksted's count has none;
            # there the bench matches the n-th count with the n-th stored note).
            emit("board:count", {"board_id": 1, "note_count": state["count"],
                                 "cid": data.get("cid")}, to="projector")
            return {"ok": True, "note": {**note, "mine": True}, "version": None}
        emit("note:created", {"board_id": 1, "version": state["version"], "note": note}, to="all")
        return {"ok": True, "note": {**note, "mine": True}, "version": state["version"]}

    @socketio.on("vote:add")
    def vote_add(data):
        person = who.get(request.sid, ("", request.sid))[1]
        if dots.get(person, 0) >= 5:
            return {"ok": False, "error": {"code": "budget_spent", "message": ""}}
        dots[person] = dots.get(person, 0) + 1
        mine = [{"kind": "note", "id": 1}] * dots[person]
        emit("votes:mine", {"board_id": 1, "mine": mine, "budget": 5}, to=request.sid)
        return {"ok": True, "board_id": 1, "mine": mine, "budget": 5}

    @socketio.on("board:settings")
    def board_settings(data):
        state["hidden"] = bool((data.get("settings") or {}).get("notes_hidden", state["hidden"]))
        return {"ok": True, "settings": {"notes_hidden": state["hidden"]}, "version": 0}

    @socketio.on("board:phase")
    def board_phase(data):
        state["phase"] = data.get("phase", "write")
        return {"ok": True, "phase": state["phase"], "version": 0}

    @socketio.on("snapshot:get")
    def snapshot_get(_data=None):
        return {"ok": True, "snapshot": {"boards": [{"id": 1, "version": state["version"]}]}}

    # The same listener sizing as Verksted's app/server.py: backlog 2048, 10,000 connections.
    if args.async_mode == "eventlet":
        import eventlet.wsgi
        listener = eventlet.listen((args.host, args.port), backlog=2048)
        eventlet.wsgi.server(listener, app, max_size=10_000, log_output=False)
    else:
        from gevent import pool, pywsgi
        from gevent.server import _tcp_listener
        listener = _tcp_listener((args.host, args.port), backlog=2048, reuse_addr=True)
        pywsgi.WSGIServer(listener, app, spawn=pool.Pool(10_000), log=None).serve_forever()


if __name__ == "__main__":
    main()
