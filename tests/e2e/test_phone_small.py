"""The phone page on a small phone (320×568, an iPhone SE): Send on the first screen, the
too-long message shown once, an unsent draft kept across a reload, and a vote card's
"8 notes" disclosure that looks like something to tap."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.support.a11y import assert_no_axe_violations
from tests.support.browser import connected
from tests.support.workshops import create_workshop, facilitator, phone as phone_client

SMALL = {"viewport": {"width": 320, "height": 568}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


def small_phone(browsing, url):
    page = browsing.open(url, **SMALL)
    connected(page)
    return page


def test_send_is_on_the_first_screen_and_too_long_is_said_once(server, browsing):
    links = create_workshop(server.url)
    page = small_phone(browsing, links.join_url)
    send = page.locator("#note-send")
    box = send.bounding_box()
    assert box["y"] + box["height"] <= 568, box  # no scrolling needed to send
    text = page.locator("#note-text")
    text.fill("Én dør inn. " * 30)  # 360 characters
    send.click()
    expect(text).to_be_focused()
    message = page.locator("#note-counter")
    expect(message).to_have_class(re.compile(r"\bover\b"))
    too_many = message.inner_text()
    shown = page.evaluate("""text => [...document.querySelectorAll('#write-view *')]
        .filter(e => e.offsetParent !== null && e.children.length === 0
                     && e.textContent.includes(text)).map(e => e.id)""", too_many)
    assert shown == ["note-counter"], shown  # said once: the error line does not repeat it
    expect(page.locator("#note-error")).to_be_empty()
    assert_no_axe_violations(page, "phone 320x568, note too long")


def test_an_unsent_draft_survives_a_reload_and_is_cleared_when_sent(server, browsing):
    links = create_workshop(server.url)
    page = small_phone(browsing, links.join_url)
    page.locator("#note-text").fill("Et utkast jeg ikke har sendt")
    page.reload()
    connected(page)
    expect(page.locator("#note-text")).to_have_value("Et utkast jeg ikke har sendt")
    expect(page.locator("#note-counter")).not_to_have_text("")
    page.locator("#note-send").click()
    expect(page.locator("#my-notes .note-text")).to_have_text(["Et utkast jeg ikke har sendt"])
    expect(page.locator("#note-text")).to_have_value("")
    page.reload()
    connected(page)
    expect(page.locator("#note-text")).to_have_value("")


def test_the_notes_of_a_group_on_a_vote_card_open_from_a_button(server, browsing):
    links = create_workshop(server.url)
    lead, writer = facilitator(links), phone_client(links)
    try:
        board = lead.wait_for("snapshot")["boards"][0]["id"]
        ids = [writer.call("note:create", {"board_id": board, "text": f"Lapp {n}",
                                           "cid": uuid.uuid4().hex})["note"]["id"]
               for n in range(8)]
        assert lead.call("board:phase", {"board_id": board, "phase": "group"})["ok"]
        assert lead.call("group:create", {"note_ids": ids, "title": "Tillit"})["ok"]
        assert lead.call("board:phase", {"board_id": board, "phase": "vote"})["ok"]
    finally:
        lead.close()
        writer.close()
    page = small_phone(browsing, links.join_url)
    summary = page.locator("#vote-items .group-notes-summary summary")
    expect(summary).to_have_text(re.compile("8"))
    box = summary.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, box
    style = summary.evaluate("""s => { const c = getComputedStyle(s);
        return {border: c.borderTopWidth, cursor: c.cursor, radius: c.borderTopLeftRadius,
                marker: getComputedStyle(s, '::before').content}; }""")
    assert style["border"] != "0px" and style["cursor"] == "pointer", style
    assert style["marker"] not in ("none", "normal", ""), style  # an arrow says it opens
    summary.click()
    expect(page.locator("#vote-items .group-notes-summary li")).to_have_count(8)
    assert_no_axe_violations(page, "phone 320x568, vote card open")
