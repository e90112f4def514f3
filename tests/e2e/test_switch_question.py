"""The facilitator moves the room to the next question; screen and phones follow."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from app.domain.workshops import SAMHANDLING_TEMPLATE
from tests.support.flow_ui import open_panel
from tests.support.browser import connected
from tests.support.workshops import create_workshop

Q1, Q2 = SAMHANDLING_TEMPLATE


def test_show_on_screen_switches_projector_and_phones(server, browsing):
    links = create_workshop(server.url)
    console = browsing.desktop(links.facilitator_url)
    screen = browsing.desktop(links.projector_url)
    phone = browsing.phone(links.join_url)
    for page in (console, screen, phone):
        connected(page)
    expect(screen.locator("#question")).to_have_text(Q1)
    expect(phone.locator("#question")).to_have_text(Q1)
    expect(screen.locator("#people")).to_have_text(re.compile(r"\b1\b"))

    # A note on the first board, and a half-written one on the phone.
    phone.locator("#note-text").fill("Svar på spørsmål 1")
    phone.locator("#note-form button[type=submit]").click()
    expect(screen.locator("#board-notes > li.note .note-text")).to_have_text(["Svar på spørsmål 1"])
    phone.locator("#note-text").fill("Halvferdig tanke")

    open_panel(console, "questions-panel")
    boards = console.locator("#board-list > li")
    expect(boards).to_have_count(2)
    expect(boards.nth(0).locator("button")).to_have_attribute("aria-pressed", "true")
    expect(boards.nth(1).locator("button")).to_have_attribute("aria-pressed", "false")
    boards.nth(1).locator("button").click()

    expect(screen.locator("#question")).to_have_text(Q2)
    expect(phone.locator("#question")).to_have_text(Q2)
    expect(boards.nth(1).locator("button")).to_have_attribute("aria-pressed", "true")
    expect(boards.nth(0).locator("button")).to_have_attribute("aria-pressed", "false")
    expect(boards.nth(1)).to_have_class("board-item current")
    expect(console.locator("#notes-question")).to_have_text(Q2)
    # The new board starts empty everywhere; the first board's note is not shown on it.
    expect(screen.locator("#board-notes > li.note")).to_have_count(0)
    expect(phone.locator("#my-notes .note")).to_have_count(0)
    expect(console.locator("#board-notes .note")).to_have_count(0)
    # What the person was typing survives the switch.
    expect(phone.locator("#note-text")).to_have_value("Halvferdig tanke")
    browsing.screenshot(screen, "switch-projector-question-2-1280x720", full_page=False)
    browsing.screenshot(phone, "switch-phone-question-2-390")

    # And back: the first board's note is still there.
    boards.nth(0).locator("button").click()
    expect(screen.locator("#question")).to_have_text(Q1)
    expect(phone.locator("#question")).to_have_text(Q1)
    expect(screen.locator("#board-notes > li.note .note-text")).to_have_text(["Svar på spørsmål 1"])
    expect(phone.locator("#my-notes .note-text")).to_have_text(["Svar på spørsmål 1"])
    assert browsing.dialogs == []
