"""Bad input on the phone: nothing pointless is sent, and nothing typed is ever lost."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import SentEvents, connected
from tests.support.workshops import create_workshop

NOTE_MAX_CHARS = 280


def test_empty_and_too_long_notes_are_not_sent_and_text_is_kept(server, browsing):
    links = create_workshop(server.url)
    screen = browsing.desktop(links.projector_url)
    phone = browsing.phone()
    sent = SentEvents(phone)
    phone.goto(links.join_url)
    connected(phone)
    connected(screen)
    text, send = phone.locator("#note-text"), phone.locator("#note-form button[type=submit]")
    counter, error = phone.locator("#note-counter"), phone.locator("#note-error")

    # Empty and blank notes are not sent; the cursor stays in the text box.
    for blank in ("", "   \n  "):
        text.fill(blank)
        send.click()
        expect(text).to_be_focused()
        expect(error).to_be_hidden()
    expect(counter).not_to_have_class(re.compile(r"\bover\b"))

    # 300 characters: the counter says so before sending, and sending is refused locally.
    too_long = ("Vi trenger én dør inn til kommunen. " * 9)[:300]
    assert len(too_long) == 300
    text.fill(too_long)
    expect(counter).to_have_class(re.compile(r"\bover\b"))
    expect(counter).to_contain_text("20")
    expect(text).to_have_attribute("aria-invalid", "true")
    browsing.screenshot(phone, "input-phone-300-chars-counter-over")
    send.click()
    expect(text).to_be_focused()
    expect(error).to_be_empty()  # the counter says it; the message is shown once
    expect(phone.locator("#announcer")).to_contain_text("20")
    expect(text).to_have_value(too_long)
    expect(send).to_be_enabled()
    browsing.screenshot(phone, "input-phone-300-chars-error")

    # Shortening it to the limit makes it sendable again; only now is anything sent.
    text.fill(too_long[:NOTE_MAX_CHARS])
    expect(counter).not_to_have_class(re.compile(r"\bover\b"))
    expect(text).to_have_attribute("aria-invalid", "false")
    send.click()
    expect(phone.locator("#my-notes .note-text")).to_have_text([too_long[:NOTE_MAX_CHARS].strip()])
    expect(screen.locator("#board-notes > li.note .note-text")).to_have_text(
        [too_long[:NOTE_MAX_CHARS].strip()])
    expect(text).to_have_value("")
    expect(error).to_be_hidden()
    assert [p["text"] for p in sent.payloads("note:create")] == [too_long[:NOTE_MAX_CHARS]], sent.sent


def test_a_note_the_server_refuses_keeps_its_text(server, browsing):
    links = create_workshop(server.url)
    phone = browsing.phone(links.join_url)
    connected(phone)
    expect(phone.locator("#question")).not_to_have_text("")
    text, error = phone.locator("#note-text"), phone.locator("#note-error")
    # A control character passes the length check in the browser but the server refuses it.
    refused = "Bedre\u0007 informasjon"
    text.fill(refused)
    phone.locator("#note-form button[type=submit]").click()
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(text).to_have_value(refused)
    expect(phone.locator("#my-notes .note")).to_have_count(0)
    browsing.screenshot(phone, "input-phone-server-refused")
