"""Text spacing (WCAG 1.4.12): nothing is cut off or spills out with the spacing a reader may set.

The styles are the ones WCAG names: line height 1.5 × the font size, 2 × after paragraphs,
letter spacing 0.12 ×, word spacing 0.16 ×, on every element, with ``!important`` as a user
style sheet or bookmarklet sets them. They go in as a constructed style sheet, so the
page keeps its CSP (tests/support/a11y.py). Then, on the phone (writing with own notes,
grouping with the "Move to" choices, voting, results) and on the facilitator's console
(grouping with groups, a selection and an open menu; voting; results), no key element —
buttons, labels, headings, notes, phase steps, the timer, dots left, menu items — has
text wider or taller than its box, and nothing scrolls sideways. Screenshots:
test-artifacts/screenshots/a11y-spacing-<page>-<phase>.png.
"""
from __future__ import annotations

from playwright.sync_api import expect

from tests.support.a11y import apply_text_spacing, assert_no_horizontal_scroll, clipped_text
from tests.support.browser import PHONE, connected, screenshot
from tests.support.flow_ui import post
from tests.support.series import cid
from tests.support.workshops import create_workshop, facilitator as lead_client, phone as phone_client

LONG_TITLE = "Tydelige og raske svar fra kommunen"


def check(page, name: str) -> None:
    page.evaluate("() => document.fonts.ready")
    problems = clipped_text(page)
    screenshot(page, f"a11y-spacing-{name}")
    assert not problems, f"text does not fit with WCAG 1.4.12 spacing on {name}:\n  " + "\n  ".join(problems)
    assert_no_horizontal_scroll(page, f"{name} with text spacing")


def test_text_spacing_on_phone_and_console(server, browsing):
    links = create_workshop(server.url, allow_names=True)
    phone = browsing.open(links.join_url, reduced_motion="reduce", **PHONE)
    console = browsing.open(links.facilitator_url, reduced_motion="reduce",
                            viewport={"width": 1280, "height": 900})
    for page in (phone, console):
        connected(page)
        apply_text_spacing(page)
    lead = lead_client(links)
    other = phone_client(links)
    try:
        board = lead.wait_for("snapshot")["boards"][0]["id"]
        post(phone, "Kortere ventetid på telefon")
        post(phone, "Åpent kontor på kvelden, også i ferien")
        made = [lead.call("note:create", {"board_id": board, "text": text, "cid": cid()})["note"]["id"]
                for text in ("Svar innen to dager", "Én kontaktperson", "Møter i nærmiljøet")]
        ok = other.call("note:create", {"board_id": board, "text": "Digital hjelp på biblioteket", "cid": cid()})
        assert ok["ok"], ok
        lead.call("board:timer", {"board_id": board, "action": "start", "seconds": 300})
        phone.locator("#name-box summary").press("Enter")  # the optional name form, open
        expect(phone.locator("#name-input")).to_be_visible()
        expect(phone.locator("#all-notes .note")).to_have_count(4)
        check(phone, "phone-write")
        check(console, "facilitator-write")

        lead.call("board:phase", {"board_id": board, "phase": "group"})
        lead.call("group:create", {"note_ids": made[:2], "title": LONG_TITLE})
        lead.call("board:settings", {"board_id": board, "settings": {"participants_group": True}})
        expect(phone.locator("#phone-groups select")).to_have_count(6)
        check(phone, "phone-group")
        console.locator("#ungrouped .note-pick").first.focus()
        console.keyboard.press("Enter")
        expect(console.locator("#selection-bar")).to_be_visible()
        console.keyboard.press("Shift+F10")
        expect(console.locator(".menu[role=menu]")).to_be_visible()
        check(console, "facilitator-group")
        console.keyboard.press("Escape")

        lead.call("board:phase", {"board_id": board, "phase": "vote"})
        phone.locator("#vote-items button.dot-toggle").first.press("Enter")
        expect(phone.locator("#vote-items button.dot-toggle").first).to_have_attribute("aria-pressed", "true")
        check(phone, "phone-vote")
        check(console, "facilitator-vote")

        lead.call("board:phase", {"board_id": board, "phase": "results"})
        expect(phone.locator("#results-view .results")).to_be_visible()
        check(phone, "phone-results")
        check(console, "facilitator-results")
    finally:
        lead.close()
        other.close()
