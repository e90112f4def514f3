"""A series of four samhandling workshops built through the real pages and sockets.

Everything goes the way people do it: the start page's form, the facilitator
page's "start a series" form, the series page's forms, and notes, groups and
dots sent by real Socket.IO clients (phones and the facilitator). Nothing is
written to the database directly.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from html import unescape

import requests

from .workshops import (WorkshopLinks, create_workshop, csrf_token, facilitator,
                        open_workshop, phone)

SERIES_TITLE = "Samhandlingskommunen 2026"
HIDDEN_NOTE = "Denne lappen er moderert bort"

# Per stakeholder group: how many phones join, and question 1's themes as
# (group title or None for a note left ungrouped, its notes, the dots it gets).
# Question 2 only gets notes (it stays in the writing phase).
PLAN = {
    "Medarbeidere": {"phones": 3, "q1": [
        ("Tillit og åpenhet", ["Åpenhet om beslutninger", "Tillit mellom ansatte og innbyggere"], 3),
        ("Raskere svar", ["Svar på e-post innen to dager", "Færre ledd før svaret kommer"], 3),
        ("Én dør inn", ["Én kontaktperson for hver innbygger"], 1),
        (None, ["Bedre skilting på rådhuset"], 1),
    ], "q2": ["Digitale skjema på nynorsk og bokmål", "Chat på kveldstid"]},
    "Ledere": {"phones": 2, "q1": [
        ("Tillit til kommunen", ["Ærlig kommunikasjon om økonomien", "Tillit bygges over tid"], 4),
        ("Digitale tjenester", ["Min side må bli enklere", "Færre innlogginger"], 2),
        ("Raskere saksbehandling", ["Kortere saksbehandlingstid"], 2),
    ], "q2": []},
    "Politikere": {"phones": 2, "q1": [
        ("Åpenhet og tillit", ["Åpne møter i bydelene", "Tillit til politikerne"], 2),
        ("Medvirkning", ["Innbyggerpanel før store vedtak"], 1),
    ], "q2": ["Politikere på Snapchat"]},
    "Innbyggere": {"phones": 4, "q1": [
        ("Raskere svar fra kommunen", ["Svar på henvendelser innen en uke",
                                       "Raskere svar på byggesøknader"], 5),
        ("Én kontaktperson", ["Slippe å fortelle historien sin på nytt"], 3),
        ("Møteplasser", ["Kafé på biblioteket med kommunens folk"], 2),
    ], "q2": ["Åpent kontor på lørdager", "<img src=x onerror=alert(1)> | *fet*"]},
}


@dataclass
class BuiltSeries:
    """The links a facilitator ends up with, and the ids the sockets handed back."""

    base_url: str
    series_url: str
    workshops: dict[str, WorkshopLinks] = field(default_factory=dict)
    groups: dict[tuple[str, str], int] = field(default_factory=dict)  # (label, title) -> id

    @property
    def secret(self) -> str:
        return self.series_url.rstrip("/").rsplit("/", 1)[1]


def form_post(session: requests.Session, base_url: str, path: str, data: dict,
              **options) -> requests.Response:
    """Submit a form the way the browser does, with the session's CSRF token."""
    return session.post(f"{base_url}{path}", data={"csrf_token": csrf_token(session, base_url),
                                                    **data}, **options)


def start_series(links: WorkshopLinks, title: str = SERIES_TITLE) -> str:
    """The facilitator page's "start a series" form; returns the series link."""
    session = requests.Session()
    response = form_post(session, links.base_url, f"/f/{links.facilitator_secret}/series",
                         {"title": title}, allow_redirects=False)
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.endswith("?new=1"), location
    return links.base_url + location.split("?")[0]


def new_in_series(built: BuiltSeries, stakeholder: str) -> WorkshopLinks:
    """The series page's "new workshop with the same questions"; reads the link shown once."""
    session = requests.Session()
    response = form_post(session, built.base_url, f"/serie/{built.secret}/new",
                         {"stakeholder": stakeholder})
    assert response.status_code == 200, response.text
    url = unescape(re.search(r'id="created-link" readonly value="([^"]+)"',
                             response.text).group(1))
    return open_workshop(built.base_url, url)


def add_to_series(built: BuiltSeries, links: WorkshopLinks) -> None:
    """The series page's "add an existing workshop", with its facilitator link."""
    response = form_post(requests.Session(), built.base_url, f"/serie/{built.secret}/workshops",
                         {"facilitator_link": links.facilitator_url}, allow_redirects=False)
    assert response.status_code == 302 and "error=" not in response.headers["Location"]


def ok(ack: dict) -> dict:
    assert ack["ok"], ack
    return ack


def cid() -> str:
    return uuid.uuid4().hex


def run_workshop(links: WorkshopLinks, plan: dict) -> dict[str, int]:
    """Phones write, the facilitator groups and moderates, phones vote; returns group ids."""
    lead = facilitator(links)
    phones = [phone(links) for _ in range(plan["phones"])]
    try:
        boards = [b["id"] for b in lead.wait_for("snapshot")["boards"]]
        q1, q2 = boards[0], boards[1]
        turn = 0
        notes: dict[str, list[int]] = {}
        for title, texts, _votes in plan["q1"]:
            for text in texts:
                note = ok(phones[turn % len(phones)].call(
                    "note:create", {"board_id": q1, "text": text, "cid": cid()}))["note"]
                notes.setdefault(title or text, []).append(note["id"])
                turn += 1
        hidden = ok(phones[0].call("note:create", {"board_id": q1, "text": HIDDEN_NOTE,
                                                   "cid": cid()}))["note"]["id"]
        ok(lead.call("note:moderate", {"note_id": hidden, "hidden": True}))
        for text in plan["q2"]:
            ok(phones[0].call("note:create", {"board_id": q2, "text": text, "cid": cid()}))
        ok(lead.call("board:phase", {"board_id": q1, "phase": "group"}))
        groups = {}
        for title, _texts, _votes in plan["q1"]:
            if title is not None:
                made = ok(lead.call("group:create", {"note_ids": notes[title], "title": title}))
                groups[title] = made["group_id"]
        ok(lead.call("board:settings", {"board_id": q1, "settings": {"multi_dots": True}}))
        ok(lead.call("board:phase", {"board_id": q1, "phase": "vote"}))
        dots = [(({"kind": "group", "id": groups[title]}) if title else
                 {"kind": "note", "id": notes[texts[0]][0]}) for title, texts, votes in plan["q1"]
                for _ in range(votes)]
        for index, item in enumerate(dots):  # round robin: nobody exceeds 5 dots
            ok(phones[index % len(phones)].call("vote:add", {"board_id": q1, "item": item,
                                                             "cid": cid()}))
        ok(lead.call("board:phase", {"board_id": q1, "phase": "results"}))
        return groups
    finally:
        for client in (lead, *phones):
            client.close()


def build_series(base_url: str, plan: dict = PLAN) -> BuiltSeries:
    """Four workshops in one series, made the three ways a facilitator can.

    Medarbeidere starts the series from its facilitator page, Ledere is made
    on the start page and added with its facilitator link, Politikere and
    Innbyggere are made in the series from the same questions in one step.
    """
    first = create_workshop(base_url, title="Samhandling – Medarbeidere",
                            stakeholder="Medarbeidere")
    built = BuiltSeries(base_url, start_series(first))
    built.workshops["Medarbeidere"] = first
    leaders = create_workshop(base_url, title="Samhandling – Ledere", stakeholder="Ledere")
    add_to_series(built, leaders)
    built.workshops["Ledere"] = leaders
    for label in ("Politikere", "Innbyggere"):
        built.workshops[label] = new_in_series(built, label)
    for label, links in built.workshops.items():
        for title, group_id in run_workshop(links, plan[label]).items():
            built.groups[(label, title)] = group_id
    return built
