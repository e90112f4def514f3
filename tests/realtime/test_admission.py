"""Who gets in, and what a refused client is told (issue 12, items 4, 5 and 10).

Real server, real python-socketio clients, all from one address (127.0.0.1),
as a venue's Wi-Fi puts a whole room behind one public address.
"""
from __future__ import annotations

import threading

import pytest
import requests
import socketio

from tests.support.workshops import create_workshop, facilitator, phone

WRONG_CODE = "AAAAAA"  # well-formed, opens no workshop


def handshake(base_url: str, auth: dict, http: requests.Session | None = None,
              origin: str | None = None, transports=("websocket",)):
    """Try a handshake; returns ``(client or None, connect_error data or None)``."""
    sio = socketio.Client(reconnection=False)
    refused: dict = {}
    done = threading.Event()

    @sio.on("connect_error")
    def _error(data=None):
        refused["data"] = data
        done.set()

    headers = {}
    cookies = "; ".join(f"{c.name}={c.value}" for c in (http.cookies if http else []))
    if cookies:
        headers["Cookie"] = cookies
    if origin:
        headers["Origin"] = origin
    try:
        sio.connect(base_url, auth=auth, headers=headers, transports=list(transports),
                    wait_timeout=10)
    except socketio.exceptions.ConnectionError:
        done.wait(5)
        data = refused.get("data")
        return None, data.get("data") if isinstance(data, dict) else data
    return sio, None


def visitor_guesses(base_url: str, times: int = 1) -> list[int]:
    """A visitor with their own browser session types a wrong code ``times`` times."""
    http = requests.Session()
    http.get(f"{base_url}/")
    return [http.get(f"{base_url}/j/{WRONG_CODE}").status_code for _ in range(times)]


def test_others_wrong_codes_never_lock_out_valid_links_and_cookies(server):
    links = create_workshop(server.url)
    joined = phone(links)
    joined.close()
    # 25 people in the hall mistype once each: more than one person's limit in total.
    for _ in range(25):
        assert visitor_guesses(server.url) == [404]
    # The phone that joined before, the facilitator and a brand-new phone all get in.
    again, refused = handshake(server.url, {"role": "participant", "code": links.join_code},
                               joined.http)
    assert refused is None and again.connected
    again.disconnect()
    lead = facilitator(links)
    newcomer = phone(links)
    assert lead.sio.connected and newcomer.sio.connected
    lead.close()
    newcomer.close()


def test_one_visitor_who_keeps_guessing_is_stopped_alone(server):
    links = create_workshop(server.url)
    # Limits count per clock minute: on a slow machine the guesses may straddle a
    # minute's end, so the 21st wrong code is refused within at most two windows.
    codes = visitor_guesses(server.url, 42)
    assert 429 in codes and codes.index(429) >= 20, codes
    assert requests.get(links.join_url).status_code == 200
    assert visitor_guesses(server.url) == [404]


def test_a_page_of_another_origin_cannot_open_a_participants_socket(server):
    links = create_workshop(server.url)
    http = requests.Session()
    assert http.get(links.join_url).ok
    auth = {"role": "participant", "code": links.join_code}
    for transports in (("websocket",), ("polling",)):
        hijack, _ = handshake(server.url, auth, http, origin="http://evil.127.0.0.1.nip.io",
                              transports=transports)
        assert hijack is None, transports
    # The app's own pages: websocket-client sends the server's origin by itself.
    for own in (handshake(server.url, auth, http)[0],
                handshake(server.url, auth, http, origin=server.url, transports=("polling",))[0]):
        assert own is not None and own.connected
        own.disconnect()


@pytest.mark.parametrize("lang, words", [("nb", "verksted"), ("en", "workshop")])
def test_a_refused_handshake_says_why_in_the_pages_language(server, lang, words):
    create_workshop(server.url)
    client, refused = handshake(server.url, {"role": "facilitator", "secret": "x" * 27,
                                             "lang": lang})
    assert client is None
    assert refused["code"] == "not_admitted"
    assert words in refused["message"].lower()


def test_a_dead_participant_link_is_refused_with_a_reason(server):
    links = create_workshop(server.url)
    client, refused = handshake(server.url, {"role": "participant", "code": links.join_code})
    assert client is None and refused["code"] == "not_admitted"


def test_fresh_cookies_from_one_address_are_bounded_and_shown_to_the_facilitator(
        server_factory):
    server = server_factory(env={"VERKSTED_LIMIT_NEW_PARTICIPANTS_PER_ADDRESS_PER_MINUTE": "5"})
    links = create_workshop(server.url)
    lead = facilitator(links)
    try:
        sessions = [requests.Session() for _ in range(6)]
        assert [s.get(links.join_url).status_code for s in sessions] == [200] * 5 + [429]
        # A phone that already joined is never refused; it is no new participant.
        assert sessions[0].get(links.join_url).status_code == 200
        joined, _ = handshake(server.url, {"role": "participant", "code": links.join_code},
                              sessions[1])
        lead.wait_for("presence", lambda p: p.get("joins_per_minute") == 5, timeout=10)
        joined.disconnect()
    finally:
        lead.close()
