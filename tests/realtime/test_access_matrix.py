"""The access matrix (docs/security.md): every role against every socket event and route."""
from __future__ import annotations

import re

import pytest

from app.domain import events as ev
from app.domain.roles import ALLOWED, ROUTES, Role
from app.services.links import cofacilitator_secret_for

# A payload for each request that passes the role check (it may still fail later
# for another reason, which is not "forbidden").
PAYLOADS = {
    ev.SNAPSHOT_GET: {},
    ev.NOTE_CREATE: {"text": "Matrise", "cid": "matrix-0001"},
    ev.NOTE_CREATE_MANY: {"notes": [{"text": "Matrise", "cid": "matrix-many-1"}]},
    ev.NOTE_UPDATE: {"note_id": 0, "text": "x"},
    ev.NOTE_DELETE: {"note_id": 0},
    ev.NOTE_MODERATE: {"note_id": 0, "hidden": True},
    ev.WORKSHOP_SHOW_BOARD: {},
    ev.WORKSHOP_SETTINGS: {"settings": {"allow_names": False}},
    ev.PARTICIPANT_RENAME: {"name": ""},
    ev.BOARD_PHASE: {"phase": "write"},
    ev.BOARD_SETTINGS: {"settings": {"late_notes": False}},
    ev.BOARD_TIMER: {"action": "stop"},
    ev.GROUP_COMBINE: {"note_id": 0, "onto_note_id": 0},
    ev.GROUP_MOVE: {"note_id": 0, "group_id": None},
    ev.GROUP_CREATE: {"note_ids": [0]},
    ev.GROUP_MERGE: {"group_id": 0, "into_group_id": 0},
    ev.GROUP_RENAME: {"group_id": 0, "title": "x"},
    ev.GROUP_DISSOLVE: {"group_id": 0},
    ev.VOTE_ADD: {"item": {"kind": "note", "id": 0}, "cid": "matrix-vote-1"},
    ev.VOTE_REMOVE: {"item": {"kind": "note", "id": 0}},
    ev.SUGGEST_GET: {},
    ev.SUGGEST_DRAFT: {},
    ev.SUGGEST_DISMISS: {"note_id": 0, "group_id": 0},
}


def csrf(http) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', http.get("/").text).group(1)


@pytest.fixture
def staff(room):
    """The room with a co-facilitator connected through a real co-facilitator link."""
    assert room.http.post(f"/f/{room.secret}/cofacilitator",
                          data={"csrf_token": csrf(room.http)}).status_code == 302
    room.co_secret = cofacilitator_secret_for(room.secret, 1)
    room.co = room.connect({"role": "cofacilitator", "secret": room.co_secret})
    assert room.co.is_connected()
    started = room.http.post(f"/f/{room.secret}/series",
                             data={"csrf_token": csrf(room.http), "title": "Matrise"})
    room.series_secret = re.match(r"/serie/([\w-]+)\?new=1$", started.headers["Location"]).group(1)
    return room


def test_payloads_cover_every_request():
    assert set(PAYLOADS) == set(ev.CLIENT_REQUESTS)


@pytest.mark.parametrize("event", ev.CLIENT_REQUESTS)
def test_every_role_against_every_socket_event(staff, event):
    clients = {Role.FACILITATOR: staff.lead, Role.COFACILITATOR: staff.co,
               Role.PROJECTOR: staff.screen, Role.PARTICIPANT: staff.phone}
    for role, client in clients.items():
        payload = {"board_id": staff.board, **PAYLOADS[event]}
        ack = client.emit(event, payload, callback=True)
        forbidden = not ack["ok"] and ack["error"]["code"] == "forbidden"
        assert forbidden == (role not in ALLOWED[event]), (role, event, ack)


def test_anonymous_visitors_cannot_connect(app, staff):
    from app.extensions import socketio
    for auth in ({"role": "participant", "code": staff.code},      # no participant cookie
                 {"role": "facilitator", "secret": staff.projector_secret},
                 {"role": "projector", "secret": staff.secret},
                 {"role": "cofacilitator", "secret": staff.secret},
                 {}, None):
        assert not socketio.test_client(app, auth=auth).is_connected()


def test_revoked_cofacilitator_is_refused_at_once(staff):
    assert staff.co.emit("snapshot:get", {}, callback=True)["ok"]
    staff.http.post(f"/f/{staff.secret}/cofacilitator/revoke", data={"csrf_token": csrf(staff.http)})
    # Told, then disconnected: a revoked socket neither acts nor receives any more.
    assert any(m["name"] == "access:revoked" for m in staff.co.queue)
    assert not staff.co.is_connected()
    # The old link's page says what happened (410), instead of "no such page".
    page = staff.http.get(f"/c/{staff.co_secret}")
    assert page.status_code == 410
    assert "slått av denne lenken" in page.text


# Forms that end something for good and need confirm=yes: tried by the roles refused here.
ONCE_CONFIRMED = {"facilitate.delete_workshop", "facilitate.new_projector_link",
                  "facilitate.new_facilitator_link"}


def test_every_role_against_every_secret_route(staff):
    secrets = {Role.FACILITATOR: staff.secret, Role.COFACILITATOR: staff.co_secret,
               Role.PROJECTOR: staff.projector_secret, Role.SERIES: staff.series_secret,
               None: "A" * 27}
    routes = {
        "facilitate.console": ("GET", "/f/{}"),
        "facilitate.cofacilitator_console": ("GET", "/c/{}"),
        "facilitate.screen": ("GET", "/s/{}"),
        # Before the co-facilitator link is renewed and then revoked below.
        "reports.report": ("GET", "/f/{}/report"),
        "reports.export": ("GET", "/f/{}/export.csv"),
        "reports.cofacilitator_report": ("GET", "/c/{}/report"),
        "reports.cofacilitator_export": ("GET", "/c/{}/export.docx"),
        "facilitate.cofacilitator_link": ("POST", "/f/{}/cofacilitator"),
        "facilitate.cofacilitator_revoke": ("POST", "/f/{}/cofacilitator/revoke"),
        "facilitate.new_projector_link": ("POST", "/f/{}/projector-link"),
        "facilitate.new_facilitator_link": ("POST", "/f/{}/facilitator-link"),
        "facilitate.delete_workshop": ("POST", "/f/{}/delete"),
        "series.start": ("POST", "/f/{}/series"),
        "series.overview": ("GET", "/serie/{}"),
        "series.add_workshop": ("POST", "/serie/{}/workshops"),
        "series.new_workshop": ("POST", "/serie/{}/new"),
        "series.remove_workshop": ("POST", "/serie/{}/remove"),
        "series.synthesis": ("GET", "/serie/{}/synthese"),
        "series.link_themes": ("POST", "/serie/{}/themes/link"),
        "series.unlink_theme": ("POST", "/serie/{}/themes/unlink"),
        "series.rename_theme": ("POST", "/serie/{}/themes/rename"),
        "series.export": ("GET", "/serie/{}/synthese.xlsx"),
    }
    assert set(routes) == set(ROUTES)
    for endpoint, (method, path) in routes.items():
        for role, secret in secrets.items():
            if endpoint in ONCE_CONFIRMED and role in ROUTES[endpoint]:
                continue  # tested on their own (below, tests/realtime/test_link_rotation.py)
            url = path.format(secret)
            if method == "GET":
                status = staff.http.get(url).status_code
            else:
                status = staff.http.post(url, data={"csrf_token": csrf(staff.http)}).status_code
            allowed = role in ROUTES[endpoint]
            assert (status in (200, 302)) == allowed, (endpoint, role, status)
            if not allowed:
                assert status == 404
            if endpoint == "facilitate.cofacilitator_link" and allowed:
                staff.co_secret = cofacilitator_secret_for(staff.secret, 2)
                secrets[Role.COFACILITATOR] = staff.co_secret


def test_deleting_a_workshop_removes_everything_and_tells_every_screen(staff):
    staff.phone.emit("note:create", {"board_id": staff.board, "text": "Slett meg",
                                     "cid": "delete-me-1"}, callback=True)
    refused = staff.http.post(f"/f/{staff.secret}/delete", data={"csrf_token": csrf(staff.http)})
    assert refused.status_code == 400
    response = staff.http.post(f"/f/{staff.secret}/delete",
                               data={"csrf_token": csrf(staff.http), "confirm": "yes"})
    assert response.status_code == 302
    # Every screen is told, then disconnected (tests/realtime/test_lasting_access.py).
    assert any(m["name"] == "workshop:deleted" for m in staff.screen.queue)
    assert not any(c.is_connected() for c in (staff.screen, staff.lead, staff.phone))
    assert staff.http.get(f"/f/{staff.secret}").status_code == 404
    assert staff.http.get(f"/j/{staff.code}").status_code == 404
    from sqlalchemy import text
    from app.extensions import db
    with db.session() as session:
        for table in ("workshops", "boards", "notes", "participants", "groups", "votes"):
            assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table


def test_retention_deletes_only_old_workshops(staff):
    from datetime import timedelta
    from app.services import views, workshops
    assert workshops.purge_older_than(30) == 0
    assert workshops.purge_older_than(30, now=views.now() + timedelta(days=31)) == 1
    assert staff.http.get(f"/f/{staff.secret}").status_code == 404
