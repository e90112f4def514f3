"""Create workshops and connect clients through the real HTTP and Socket.IO surface."""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from html import unescape

import requests
import socketio

from app.domain.workshops import SAMHANDLING_TEMPLATE


@dataclass
class WorkshopLinks:
    """What a facilitator has after creating a workshop through the start page."""

    base_url: str
    facilitator_url: str
    projector_url: str
    join_url: str

    @property
    def facilitator_secret(self) -> str:
        return self.facilitator_url.rstrip("/").rsplit("/", 1)[1]

    @property
    def projector_secret(self) -> str:
        return self.projector_url.rstrip("/").rsplit("/", 1)[1]

    @property
    def join_code(self) -> str:
        return self.join_url.rstrip("/").rsplit("/", 1)[1]


def csrf_token(session: requests.Session, base_url: str) -> str:
    page = session.get(f"{base_url}/").text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def create_workshop(base_url: str, title: str = "Verksted for innbyggere",
                    questions=SAMHANDLING_TEMPLATE, stakeholder: str = "Innbyggere",
                    allow_names: bool = False, language: str = "nb") -> WorkshopLinks:
    """Fill in and submit the start page's form, then read the facilitator page."""
    session = requests.Session()
    form = {"csrf_token": csrf_token(session, base_url), "title": title,
            "stakeholder": stakeholder, "language": language, "question": list(questions)}
    if allow_names:
        form["allow_names"] = "on"
    response = session.post(f"{base_url}/workshops", data=form, allow_redirects=False)
    assert response.status_code == 302, response.text
    return open_workshop(base_url, base_url + response.headers["Location"].split("?")[0],
                         session)


def open_workshop(base_url: str, facilitator_url: str,
                  session: requests.Session | None = None) -> WorkshopLinks:
    """Read the projector and join links off a workshop's facilitator page."""
    page = (session or requests.Session()).get(facilitator_url).text
    projector_url = unescape(re.search(r'id="projector-url" readonly value="([^"]+)"', page).group(1))
    join_url = unescape(re.search(r'id="join-link">([^<]+)<', page).group(1))
    return WorkshopLinks(base_url, facilitator_url, projector_url, join_url)


@dataclass
class Client:
    """A real python-socketio client that records every event it receives."""

    sio: socketio.Client
    http: requests.Session
    received: list[tuple[str, dict]] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def record(self, event: str, payload) -> None:
        with self._cond:
            self.received.append((event, payload))
            self._cond.notify_all()

    def events(self, name: str) -> list:
        with self._cond:
            return [p for e, p in self.received if e == name]

    def wait_for(self, name: str, predicate=lambda p: True, timeout: float = 5.0):
        """Block until an event named ``name`` matching ``predicate`` has arrived."""
        with self._cond:
            ok = self._cond.wait_for(
                lambda: any(e == name and predicate(p) for e, p in self.received), timeout)
            assert ok, f"no {name} matching within {timeout}s; got {[e for e, _ in self.received]}"
            return next(p for e, p in reversed(self.received) if e == name and predicate(p))

    def wait_count(self, name: str, count: int, timeout: float = 30.0) -> bool:
        """Wait until ``count`` events named ``name`` have arrived; False on timeout."""
        with self._cond:
            return self._cond.wait_for(
                lambda: sum(1 for e, _ in self.received if e == name) >= count, timeout)

    def call(self, event: str, data=None, timeout: float = 5.0):
        return self.sio.call(event, data, timeout=timeout)

    def close(self) -> None:
        self.sio.disconnect()


def connect(base_url: str, auth: dict, http: requests.Session | None = None,
            transports=("websocket",)) -> Client:
    """Connect a Socket.IO client (carrying the session's cookies) and record events."""
    http = http or requests.Session()
    sio = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
    client = Client(sio, http)
    sio.on("*", client.record)
    cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
    sio.connect(base_url, auth=auth, headers={"Cookie": cookie} if cookie else {},
                transports=list(transports), wait_timeout=10)
    return client


def phone(links: WorkshopLinks) -> Client:
    """A participant: load the join page (gets the cookie), then connect."""
    http = requests.Session()
    assert http.get(links.join_url).ok
    return connect(links.base_url, {"role": "participant", "code": links.join_code}, http)


def projector(links: WorkshopLinks) -> Client:
    return connect(links.base_url, {"role": "projector", "secret": links.projector_secret})


def facilitator(links: WorkshopLinks) -> Client:
    return connect(links.base_url, {"role": "facilitator", "secret": links.facilitator_secret})
