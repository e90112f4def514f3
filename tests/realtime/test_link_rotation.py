"""Replacing the projector or the facilitator link (issue 12, item 14).

A real server and real Socket.IO clients: the sockets that came with the old link are
told why (translated) and disconnected at once, participants' phones are not touched,
the old link answers a clear page (410) over HTTP and is refused with its reason on a
socket, the new link works, and only the facilitator can do it — on one server and
across workers.
"""
from __future__ import annotations

import re
from html import unescape

import requests

from app.domain.roles import Principal, Role
from app.domain.workshops import draft
from app.services import links as link_service
from app.services import workshops
from app.services.links import cofacilitator_secret_for
from tests.realtime.test_admission import handshake
from tests.realtime.test_cluster import cluster, links_on  # noqa: F401 - fixture
from tests.realtime.test_lasting_access import post, wait_disconnected
from tests.support.workshops import (connect, create_workshop, facilitator, open_workshop, phone,
                                     projector)

PROJECTOR_GONE = "Denne skjermlenken er byttet ut med en ny og virker ikke lenger."
FACILITATOR_GONE = "Denne fasilitatorlenken er byttet ut med en ny og virker ikke lenger."


def path_of(links, url: str) -> str:
    return url.replace(links.base_url, "")


def cofacilitator(links):
    """Make a co-facilitator link through the facilitator's form and connect with it."""
    assert post(links.base_url, f"{path_of(links, links.facilitator_url)}/cofacilitator"
                ).status_code == 302
    secret = cofacilitator_secret_for(links.facilitator_secret, 1)
    return secret, connect(links.base_url, {"role": "cofacilitator", "secret": secret})


def still_live(lead, phones, text: str) -> None:
    """Every phone is connected, and a note posted from one reaches the facilitator."""
    assert all(p.sio.connected for p in phones)
    board = lead.events("snapshot")[-1]["boards"][0]["id"]
    ack = phones[0].call("note:create", {"board_id": board, "text": text, "cid": f"cid-{abs(hash(text))}"})
    assert ack["ok"], ack
    lead.wait_for("note:created", lambda p: p["note"]["text"] == text)


def told_and_gone(client, code: str, message: str) -> None:
    said = client.wait_for("access:revoked")
    assert said["code"] == code and said["message"].startswith(message), said
    wait_disconnected(client)


def refused_with(base_url: str, auth: dict, code: str, message: str) -> None:
    client, error = handshake(base_url, auth)
    assert client is None and error["code"] == code, error
    assert error["message"].startswith(message), error


def gone_page(url: str, message: str) -> None:
    response = requests.get(url)
    assert response.status_code == 410
    assert message in unescape(response.text)


def everyone(links):
    """A co-facilitator (with its secret), the facilitator, a projector and two phones."""
    co_secret, co = cofacilitator(links)
    return co_secret, co, facilitator(links), projector(links), [phone(links), phone(links)]


def replace(links, form: str) -> requests.Response:
    """Submit a "new link" form: refused without the confirmation, done with it."""
    path = f"{path_of(links, links.facilitator_url)}/{form}"
    assert post(links.base_url, path).status_code == 400
    answer = post(links.base_url, path, confirm="yes")
    assert answer.status_code == 302
    return answer


def test_a_new_projector_link_disconnects_projector_screens_and_nobody_else(server):
    links = create_workshop(server.url)
    fac_path = path_of(links, links.facilitator_url)
    co_secret, co, lead, screen, phones = everyone(links)
    other_screen = projector(links)
    try:
        answer = replace(links, "projector-link")
        assert answer.headers["Location"].endswith(f"{fac_path}?replaced=projector#share-panel")
        for client in (screen, other_screen):
            told_and_gone(client, "projector_link_replaced", PROJECTOR_GONE)
        # Phones, the facilitator and the co-facilitator are not touched.
        assert lead.sio.connected and co.sio.connected
        still_live(lead, phones, "Etter ny skjermlenke")
        # The old link: a clear page over HTTP, its reason on a socket.
        gone_page(links.projector_url, PROJECTOR_GONE)
        refused_with(server.url, {"role": "projector", "secret": links.projector_secret},
                     "projector_link_replaced", PROJECTOR_GONE)
        # The new link is on the facilitator page, and works.
        fresh = open_workshop(server.url, links.facilitator_url)
        assert fresh.projector_secret != links.projector_secret
        assert requests.get(fresh.projector_url).status_code == 200
        new_screen = projector(fresh)
        assert new_screen.wait_for("snapshot")["you"]["role"] == "projector"
        new_screen.close()
        # The co-facilitator link is untouched.
        assert requests.get(f"{server.url}/c/{co_secret}").status_code == 200
    finally:
        for client in (lead, screen, other_screen, co, *phones):
            client.close()


def test_a_new_facilitator_link_ends_every_link_made_from_the_old_one(server):
    links = create_workshop(server.url)
    fac_path = path_of(links, links.facilitator_url)
    co_secret, co, lead, screen, phones = everyone(links)
    other_tab = facilitator(links)
    try:
        answer = replace(links, "facilitator-link")
        new_path, query = answer.headers["Location"].split("?")
        assert query == "replaced=facilitator" and new_path != fac_path
        for client in (lead, other_tab):
            told_and_gone(client, "facilitator_link_replaced", FACILITATOR_GONE)
        # The projector and co-facilitator links are derived from it: replaced as well.
        told_and_gone(screen, "projector_link_replaced", PROJECTOR_GONE)
        told_and_gone(co, "access_revoked", "Fasilitatoren har slått av denne lenken")
        # Every old link: a clear page (410), its reason on a socket.
        gone_page(links.facilitator_url, FACILITATOR_GONE)
        gone_page(f"{links.facilitator_url}/report", FACILITATOR_GONE)
        gone_page(links.projector_url, PROJECTOR_GONE)
        refused_with(server.url, {"role": "facilitator", "secret": links.facilitator_secret},
                     "facilitator_link_replaced", FACILITATOR_GONE)
        refused_with(server.url, {"role": "projector", "secret": links.projector_secret},
                     "projector_link_replaced", PROJECTOR_GONE)
        assert requests.get(f"{server.url}/c/{co_secret}").status_code == 410
        # A dead link cannot replace anything any more.
        assert post(server.url, f"{fac_path}/facilitator-link", confirm="yes").status_code == 410
        # The new page shows the new link once, with the new projector and co links.
        page = requests.get(server.url + answer.headers["Location"]).text
        assert "Den nye fasilitatorlenken din" in page
        assert re.search(rf'id="facilitator-link" readonly value="[^"]*{new_path}"', page)
        assert "Den nye fasilitatorlenken din" not in requests.get(server.url + new_path).text
        fresh = open_workshop(server.url, server.url + new_path)
        new_lead, new_screen = facilitator(fresh), projector(fresh)
        new_co_secret = cofacilitator_secret_for(fresh.facilitator_secret, 1)
        new_co = connect(server.url, {"role": "cofacilitator", "secret": new_co_secret})
        assert f"/c/{new_co_secret}" in page
        # Phones stayed, and their notes reach the new facilitator socket.
        still_live(new_lead, phones, "Etter ny fasilitatorlenke")
        new_screen.wait_for("note:created", lambda p: p["note"]["text"] == "Etter ny fasilitatorlenke")
        for client in (new_lead, new_screen, new_co):
            client.close()
    finally:
        for client in (lead, other_tab, screen, co, *phones):
            client.close()


def test_a_cofacilitator_cannot_replace_links(server):
    links = create_workshop(server.url)
    co_secret, co = cofacilitator(links)
    lead, screen = facilitator(links), projector(links)
    try:
        for form in ("facilitator-link", "projector-link"):
            for path in (f"/f/{co_secret}/{form}", f"/c/{co_secret}/{form}"):
                assert post(server.url, path, confirm="yes").status_code == 404, path
        # The projector link cannot replace anything either.
        assert post(server.url, f"/f/{links.projector_secret}/projector-link",
                    confirm="yes").status_code == 404
        assert requests.get(links.facilitator_url).status_code == 200
        assert requests.get(links.projector_url).status_code == 200
        assert lead.sio.connected and screen.sio.connected and co.sio.connected
    finally:
        for client in (lead, screen, co):
            client.close()


def test_a_principal_of_a_replaced_link_is_refused_per_request(app):
    with app.app_context():
        created = workshops.create(draft(title="Lenker", stakeholder="", questions=["Hva?"],
                                         allow_names=False, language="nb"))
        before = workshops.by_secret(Role.PROJECTOR, created.projector_secret)
        principal = Principal(Role.PROJECTOR, before.id, nonce=before.access_nonce,
                              credential=before.projector_digest)
        assert workshops.credential_valid(principal)
        secret = link_service.new_projector_link(created.id, created.facilitator_secret)
        assert not workshops.credential_valid(principal)
        after = workshops.by_secret(Role.PROJECTOR, secret)
        assert workshops.credential_valid(Principal(
            Role.PROJECTOR, after.id, nonce=after.access_nonce, credential=after.projector_digest))
        assert workshops.by_secret(Role.PROJECTOR, created.projector_secret) is None
        assert link_service.retired(Role.PROJECTOR, created.projector_secret).code == \
            "projector_link_replaced"
        # A retired link of another role is not this role's: a plain "no such link".
        assert link_service.retired(Role.FACILITATOR, created.projector_secret) is None


def test_replacing_links_disconnects_their_sockets_on_other_workers(cluster):  # noqa: F811
    running = cluster(2)
    first, second = running.worker_ports
    links = create_workshop(f"http://127.0.0.1:{first}")
    there = links_on(links, second)
    screen, lead, phones = projector(there), facilitator(there), [phone(there), phone(there)]
    try:
        # Replaced through the first worker; the sockets are on the second.
        fac_path = path_of(links, links.facilitator_url)
        assert post(links.base_url, f"{fac_path}/projector-link", confirm="yes").status_code == 302
        told_and_gone(screen, "projector_link_replaced", PROJECTOR_GONE)
        assert lead.sio.connected
        assert post(links.base_url, f"{fac_path}/facilitator-link", confirm="yes").status_code == 302
        told_and_gone(lead, "facilitator_link_replaced", FACILITATOR_GONE)
        assert all(p.sio.connected for p in phones)
    finally:
        for client in (screen, lead, *phones):
            client.close()
