"""In-process rooms for handler-level tests (Flask-SocketIO's test client)."""
from __future__ import annotations

import re

import pytest

from app.domain.workshops import SAMHANDLING_TEMPLATE
from app.extensions import socketio


class Room:
    """A workshop created through the start page, with a client per role."""

    def __init__(self, app, client) -> None:
        self.app = app
        page = client.get("/").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        location = client.post("/workshops", data={
            "csrf_token": csrf, "title": "Test", "question": list(SAMHANDLING_TEMPLATE),
            "language": "nb"}).headers["Location"]
        self.http = client
        self.secret = location.split("/")[2].split("?")[0]
        facilitator_page = client.get(location).text
        self.code = re.search(r"/j/([A-Z0-9]+)", facilitator_page).group(1)
        self.projector_secret = re.search(r"/s/([A-Za-z0-9_-]+)", facilitator_page).group(1)
        self.clients = []
        self.lead = self.connect({"role": "facilitator", "secret": self.secret})
        self.phone = self.participant()
        self.other = self.participant()
        self.screen = self.connect({"role": "projector", "secret": self.projector_secret})
        self.board = self.snapshot()["boards"][0]["id"]

    def connect(self, auth, http=None):
        test_client = socketio.test_client(self.app, auth=auth, flask_test_client=http)
        self.clients.append(test_client)
        return test_client

    def participant(self):
        http = self.app.test_client()
        http.get(f"/j/{self.code}")
        return self.connect({"role": "participant", "code": self.code}, http)

    def snapshot(self, client=None) -> dict:
        return (client or self.lead).emit("snapshot:get", {}, callback=True)["snapshot"]

    def close(self) -> None:
        for client in self.clients:
            if client.is_connected():
                client.disconnect()


@pytest.fixture
def room(app, client):
    made = Room(app, client)
    yield made
    made.close()
