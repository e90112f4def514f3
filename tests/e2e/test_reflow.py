"""Reflow (WCAG 1.4.10) and zoom (1.4.4): no page scrolls sideways at 320 CSS px or at 200 %.

Two sizes, each a faithful stand-in for what a person does:

* ``320``: a 320 × 640 CSS px phone (the width WCAG 1.4.10 names; the same layout width
  as a 1280 px window zoomed to 400 %).
* ``zoom200``: a 1280 × 720 window zoomed to 200 %. Browser zoom makes each CSS pixel two
  device pixels and so halves the layout viewport, which media queries, ``vw`` units
  and wrapping all see; a 640 × 360 CSS px viewport at device scale factor 2 is exactly
  that (the screenshot is 1280 px wide, as on the screen). CSS ``zoom`` on <html> would
  not be: it leaves media queries and viewport units at the unzoomed size.

The start page, and the phone, facilitator and projector pages in every phase (write
with long words, group with a long group name, vote, results) are photographed to
test-artifacts/screenshots/a11y-<size>-<page>-<phase>.png; the check is that
``document.documentElement.scrollWidth <= innerWidth + 1`` and that no element sticks
out of the viewport, except inside the bar charts' and tables' own scroll boxes.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.a11y import assert_no_axe_violations, assert_no_horizontal_scroll
from tests.support.browser import connected, screenshot
from tests.support.flow_ui import post
from tests.support.series import cid
from tests.support.servers import ServerProcess
from tests.support.workshops import create_workshop, facilitator as lead_client, phone as phone_client

SIZES = {
    "320": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2,
            "is_mobile": True, "has_touch": True},
    "zoom200": {"viewport": {"width": 640, "height": 360}, "device_scale_factor": 2},
}
LONG_WORD = "Tverrfaglighetssamhandlingskoordineringsmøte"
LONG_TITLE = "Samhandling på tvers av tjenesteområdene i kommunen"


@pytest.fixture(scope="module")
def reflow_server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("reflow-server")
    server = ServerProcess(data_dir=data_dir, env={"DATABASE_URL": f"sqlite:///{data_dir / 'r.db'}"})
    server.start()
    yield server
    server.stop()


def ok(ack: dict) -> dict:
    assert ack["ok"], ack
    return ack


def shoot_and_check(page, name: str) -> None:
    page.evaluate("() => document.fonts.ready")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, f"a11y-{name}")
    assert_no_horizontal_scroll(page, name)


@pytest.mark.parametrize("size", SIZES)
def test_no_sideways_scrolling(reflow_server, browser, size):
    base = reflow_server.url
    links = create_workshop(base, title="Innbyggerdialog om tjenester på tvers", allow_names=True)
    contexts = []
    errors: list[str] = []

    def open_page(url):
        context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo",
                                      reduced_motion="reduce", **SIZES[size])
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        return page

    try:
        start = open_page(f"{base}/?template=samhandling")
        shoot_and_check(start, f"{size}-start")
        statement = open_page(f"{base}/tilgjengelighet")
        shoot_and_check(statement, f"{size}-accessibility")

        phone = open_page(links.join_url)
        console = open_page(links.facilitator_url)
        screen = open_page(links.projector_url)
        for page in (phone, console, screen):
            connected(page)
        pages = {"phone": phone, "facilitator": console, "projector": screen}
        lead = lead_client(links)
        other = phone_client(links)
        try:
            board = lead.wait_for("snapshot")["boards"][0]["id"]
            post(phone, f"Et {LONG_WORD} hver måned")
            post(phone, "Kortere ventetid")
            made = [ok(other.call("note:create", {"board_id": board, "text": text, "cid": cid()}))["note"]["id"]
                    for text in ("Svar innen to dager", "Én kontaktperson", LONG_WORD)]
            ok(lead.call("board:timer", {"board_id": board, "action": "start", "seconds": 300}))
            expect(screen.locator("#board-notes > li.note")).to_have_count(5)
            # prefers-reduced-motion (these contexts ask for it): notes arrive without moving.
            arrived = screen.locator("#board-notes > li.note.arrived")
            expect(arrived).to_have_count(5)
            assert arrived.evaluate_all("ns => ns.map(n => getComputedStyle(n).animationName)") == ["none"] * 5
            for name, page in pages.items():
                shoot_and_check(page, f"{size}-{name}-write")

            ok(lead.call("board:phase", {"board_id": board, "phase": "group"}))
            ok(lead.call("group:create", {"note_ids": made[:2], "title": LONG_TITLE}))
            ok(lead.call("board:settings", {"board_id": board, "settings": {"participants_group": True}}))
            expect(screen.locator("[data-group-id]")).to_have_count(1)
            expect(phone.locator("#phone-groups select")).to_have_count(5)
            # A selection on the facilitator's board shows the selection bar as well.
            console.locator("#ungrouped .note-pick").first.focus()
            console.keyboard.press("Enter")
            expect(console.locator("#selection-bar")).to_be_visible()
            for name, page in pages.items():
                shoot_and_check(page, f"{size}-{name}-group")

            ok(lead.call("board:phase", {"board_id": board, "phase": "vote"}))
            first = phone.locator("#vote-items button.dot-toggle").first
            first.press("Enter")
            expect(first).to_have_attribute("aria-pressed", "true")
            for name, page in pages.items():
                shoot_and_check(page, f"{size}-{name}-vote")

            ok(lead.call("board:phase", {"board_id": board, "phase": "results"}))
            expect(phone.locator("#results-view .results")).to_be_visible()
            for name, page in pages.items():
                shoot_and_check(page, f"{size}-{name}-results")
        finally:
            lead.close()
            other.close()
        report = open_page(f"{links.facilitator_url}/report")
        shoot_and_check(report, f"{size}-report")
        # Where the chart or the table scrolls in its own box, the box takes the keyboard focus
        # (to be scrolled with the arrow keys) and is named; axe agrees at this size too.
        scrolling = report.locator(".table-scroll, .report-chart").evaluate_all(
            "boxes => boxes.filter(b => b.scrollWidth > b.clientWidth + 1)"
            ".map(b => [b.tabIndex, Boolean(b.getAttribute('aria-labelledby'))])")
        if size == "320":
            assert scrolling, "at 320 px the report's chart should scroll in its own box"
        assert all(entry == [0, True] for entry in scrolling), scrolling
        assert_no_axe_violations(report, f"report at {size}")
        assert not errors, errors
    finally:
        for context in contexts:
            context.close()
