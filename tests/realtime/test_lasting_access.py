"""Rights that hold over time (issue 12, items 1 and 8).

After a workshop is deleted, or a co-facilitator link is revoked or replaced,
no socket opened before keeps receiving or acting: they are disconnected, on
every worker, and ids of deleted rows never come back.
"""
from __future__ import annotations

import time

import requests

from app.domain.roles import Principal, Role
from app.domain.workshops import draft
from app.services import workshops
from app.services.links import cofacilitator_secret_for
from tests.realtime.test_cluster import cluster, links_on  # noqa: F401 - fixture
from tests.support.workshops import (connect, create_workshop, csrf_token, facilitator, phone,
                                     projector)


def _draft(title: str = "Gjenbruk"):
    return draft(title=title, stakeholder="", questions=["Hva?"], allow_names=False,
                 language="nb")


def post(base_url: str, path: str, **form) -> requests.Response:
    """Submit a facilitator form (with its CSRF token) without following the redirect."""
    session = requests.Session()
    form["csrf_token"] = csrf_token(session, base_url)
    return session.post(base_url + path, data=form, allow_redirects=False)


def wait_disconnected(client, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while client.sio.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not client.sio.connected, "the socket is still connected"


def delete_and_expect_eviction(links, clients) -> None:
    """Delete the workshop through its facilitator page; each client is told, then cut off."""
    path = links.facilitator_url.replace(links.base_url, "")
    assert post(links.base_url, f"{path}/delete", confirm="yes").status_code == 302
    for client in clients:
        client.wait_for("workshop:deleted")
        wait_disconnected(client)


def test_ids_of_deleted_workshops_are_never_handed_out_again(app):
    with app.app_context():
        workshops.create(_draft("Første"))
        second = workshops.create(_draft("Andre"))
        workshops.delete(second.id)
        third = workshops.create(_draft("Tredje"))
    assert third.id > second.id


def test_a_principal_of_a_deleted_workshop_is_refused(app):
    with app.app_context():
        created = workshops.create(_draft())
        workshop = workshops.by_secret(Role.FACILITATOR, created.facilitator_secret)
        principal = Principal(Role.FACILITATOR, workshop.id, nonce=workshop.access_nonce,
                              credential=workshop.facilitator_digest)
        assert workshops.credential_valid(principal)
        assert not workshops.credential_valid(
            Principal(Role.FACILITATOR, workshop.id, nonce="0" * 32,
                      credential=workshop.facilitator_digest))
        workshops.delete(created.id)
        assert not workshops.credential_valid(principal)


def test_deleting_a_workshop_disconnects_every_socket_of_it(server):
    links = create_workshop(server.url)
    other = create_workshop(server.url, title="Et annet verksted")
    clients = [facilitator(links), projector(links), phone(links)]
    bystander = phone(other)
    try:
        delete_and_expect_eviction(links, clients)
        assert bystander.sio.connected
        # A workshop created now is nobody's old workshop: the old clients stay away.
        create_workshop(server.url, title="Neste")
        time.sleep(0.5)
        assert not any(client.sio.connected for client in clients)
    finally:
        for client in (*clients, bystander):
            client.close()


def test_deleting_a_workshop_disconnects_its_sockets_on_other_workers(cluster):  # noqa: F811
    running = cluster(2)
    first, second = running.worker_ports
    links = create_workshop(f"http://127.0.0.1:{first}")
    clients = [facilitator(links_on(links, second)), phone(links_on(links, second)),
               projector(links_on(links, second))]
    try:
        delete_and_expect_eviction(links, clients)  # deleted through the first worker
    finally:
        for client in clients:
            client.close()


def test_revoked_or_replaced_cofacilitator_links_disconnect_their_sockets(server):
    links = create_workshop(server.url)
    path = links.facilitator_url.replace(links.base_url, "")
    assert post(server.url, f"{path}/cofacilitator").status_code == 302
    first = connect(server.url, {"role": "cofacilitator",
                                 "secret": cofacilitator_secret_for(links.facilitator_secret, 1)})
    lead = facilitator(links)
    try:
        # A new link: the socket that came with the old one is told and disconnected.
        assert post(server.url, f"{path}/cofacilitator").status_code == 302
        first.wait_for("access:revoked")
        wait_disconnected(first)
        second = connect(server.url, {"role": "cofacilitator", "secret":
                                      cofacilitator_secret_for(links.facilitator_secret, 2)})
        assert second.sio.connected
        # Revoking: the current link's sockets go too; the facilitator stays.
        assert post(server.url, f"{path}/cofacilitator/revoke").status_code == 302
        second.wait_for("access:revoked")
        wait_disconnected(second)
        assert lead.sio.connected
        # Nothing hidden reaches a revoked screen afterwards.
        board = lead.events("snapshot")[0]["boards"][0]["id"]
        assert lead.call("note:create", {"board_id": board, "text": "Skjult",
                                         "cid": "co-after-revoke"})["ok"]
        time.sleep(0.3)
        assert not [e for e, _ in second.received if e == "note:created"]
    finally:
        for client in (first, lead):
            client.close()
