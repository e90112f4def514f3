"""A phone that loses the network keeps what was typed, across a reload, and sends it once."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import connected
from tests.support.workshops import create_workshop, facilitator


def test_notes_written_offline_survive_a_reload_and_arrive_exactly_once(server, browsing):
    links = create_workshop(server.url)
    page = browsing.phone(links.join_url)
    connected(page)
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    context = page.context

    context.set_offline(True)
    expect(page.locator("#connection")).to_have_attribute("data-state", "offline")
    for text in ("Skrevet uten nett", "Enda en uten nett"):
        page.fill("#note-text", text)
        page.click("#note-send")
        expect(page.locator("#note-text")).to_have_value("")
    waiting = page.locator("#my-notes li.outbox.waiting")
    expect(waiting).to_have_count(2)
    browsing.screenshot(page, "offline-phone-waiting")

    page.reload()  # still offline: the service worker serves the last copy
    expect(page.locator("#outbox-list li.outbox.waiting")).to_have_count(2)
    expect(page.locator("#outbox-list")).to_contain_text("Skrevet uten nett")

    context.set_offline(False)
    connected(page)
    expect(page.locator("#my-notes li.outbox")).to_have_count(0)
    expect(page.locator("#my-notes li.note")).to_have_count(2)
    browsing.screenshot(page, "offline-phone-sent")

    lead = facilitator(links)
    try:
        notes = lead.wait_for("snapshot")["boards"][0]["notes"]
        assert sorted(n["text"] for n in notes) == ["Enda en uten nett", "Skrevet uten nett"]
    finally:
        lead.close()


def test_a_note_refused_after_reconnecting_keeps_its_text_and_reason(server, browsing):
    links = create_workshop(server.url)
    page = browsing.phone(links.join_url)
    connected(page)
    page.context.set_offline(True)
    page.fill("#note-text", "Sendt for sent")
    page.click("#note-send")
    expect(page.locator("#my-notes li.outbox.waiting")).to_have_count(1)
    lead = facilitator(links)
    try:
        board = lead.wait_for("snapshot")["boards"][0]["id"]
        assert lead.call("board:phase", {"board_id": board, "phase": "vote"})["ok"]
    finally:
        lead.close()
    page.context.set_offline(False)
    refused = page.locator("#outbox-list li.outbox.refused")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("Sendt for sent")
    expect(refused.locator(".field-error")).not_to_be_empty()
    browsing.screenshot(page, "offline-phone-refused")
