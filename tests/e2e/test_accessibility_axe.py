"""axe-core finds no WCAG 2.0/2.1 A or AA violation on any page, in Bokmål, Nynorsk and English.

One server for the module, one workshop per language (created in that language, so the
phone, screen and facilitator pages speak it). The workshop is taken through every phase
while a facilitator console, a projector and a phone watch it; axe-core runs on all three
in each state:

    write with hidden notes · write revealed · group (groups, a timer, phone grouping,
    an open note menu) · vote (a dot given) · results

and once on every other page: start (plain, with a refused code, with a refused form),
privacy, accessibility statement, 404 and 400 error pages, the facilitator console with its
one-time "keep this link" warning, co-facilitator console,
report, series and synthesis (two workshops with a linked theme; also at 320 px).

axe-core is put in with ``page.evaluate`` (see tests/support/a11y.py): the pages keep
their real Content-Security-Policy while they are checked. Contexts ask for reduced
motion so that no note is caught half-faded in its arrival animation (which would be a
false contrast failure); the animation is off under that setting anyway.
"""
from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.support.a11y import assert_no_axe_violations
from tests.support.browser import DESKTOP, PHONE, PROJECTOR, SCREENSHOTS, connected
from tests.support.flow_ui import post
from tests.support.series import BuiltSeries, cid, form_post, new_in_series, run_workshop, start_series
from tests.support.servers import ServerProcess
from tests.support.workshops import create_workshop, facilitator as lead_client, phone as phone_client

LANGUAGES = ("nb", "nn", "en")
MINI_PLAN = {"phones": 2, "q1": [("Tillit", ["Åpne møter", "Ærlige svar"], 2),
                                 (None, ["Bedre skilting"], 1)], "q2": []}


@pytest.fixture(scope="module")
def a11y_server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("a11y-server")
    server = ServerProcess(data_dir=data_dir, env={"DATABASE_URL": f"sqlite:///{data_dir / 'a11y.db'}"})
    server.start()
    yield server
    server.stop()


def settle(page) -> None:
    """Fonts loaded and no pending paint, before measuring contrast and sizes."""
    page.evaluate("() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => r())))")


def check(page, where: str) -> None:
    settle(page)
    assert_no_axe_violations(page, where)


def ok(ack: dict) -> dict:
    assert ack["ok"], ack
    return ack


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_axe_violations_on_any_page(a11y_server, browser, lang):
    base = a11y_server.url
    links = create_workshop(base, title=f"Axe {lang}", language=lang, allow_names=True)
    contexts = []

    def context(size):
        made = browser.new_context(locale={"en": "en-GB"}.get(lang, "nb-NO"),
                                   timezone_id="Europe/Oslo", reduced_motion="reduce", **size)
        made.set_default_timeout(10_000)
        contexts.append(made)
        return made

    errors: list[str] = []
    try:
        # --- Pages without a workshop -----------------------------------------------------
        desk = context(DESKTOP).new_page()
        desk.on("pageerror", lambda e: errors.append(str(e)))
        for path in ("/", "/personvern", "/tilgjengelighet"):
            desk.goto(f"{base}{path}?lang={lang}")
            expect(desk.locator("html")).to_have_attribute("lang", lang)
            check(desk, f"{path} ({lang})")
        desk.goto(f"{base}/f/{'A' * 27}")
        assert desk.locator("h1").count() == 1
        check(desk, f"404 page ({lang})")
        # A wrong code typed on the start page: the page says why, next to the field.
        desk.goto(f"{base}/?lang={lang}")
        desk.locator("#code").fill("ZZZ-ZZZ")
        desk.locator("#code").press("Enter")
        expect(desk.locator("#code-error")).to_be_visible()
        expect(desk.locator("#code")).to_have_attribute("aria-invalid", "true")
        check(desk, f"start page with a refused code ({lang})")
        # A create form without a title: the form comes back with the reason.
        desk.goto(f"{base}/?lang={lang}")
        desk.evaluate("document.getElementById('create-form').requestSubmit()")
        expect(desk.locator("#create-error")).to_be_visible()
        check(desk, f"start page with a refused form ({lang})")
        # A form without its CSRF token: the 400 page.
        desk.goto(f"{base}/?lang={lang}")
        desk.evaluate("""() => { const form = document.getElementById('create-form');
            form.querySelector('[name=csrf_token]').remove(); form.submit(); }""")
        expect(desk.locator(".ds-alert[role=alert]")).to_be_visible()
        check(desk, f"400 page ({lang})")

        # --- A live workshop on three screens ------------------------------------------
        console = context({"viewport": {"width": 1280, "height": 900}}).new_page()
        screen = context(PROJECTOR).new_page()
        phone = context(PHONE).new_page()
        for page in (console, screen, phone):
            page.on("pageerror", lambda e: errors.append(str(e)))
        console.goto(links.facilitator_url)
        screen.goto(links.projector_url)
        phone.goto(links.join_url)
        for page in (console, screen, phone):
            connected(page)
            expect(page.locator("html")).to_have_attribute("lang", lang)
        lead = lead_client(links)
        other = phone_client(links)
        try:
            board = lead.wait_for("snapshot")["boards"][0]["id"]
            pages = {"facilitator": console, "projector": screen, "phone": phone}

            def check_all(state: str) -> None:
                for name, page in pages.items():
                    check(page, f"{name}, {state} ({lang})")

            # Write, hidden.
            ok(lead.call("board:settings", {"board_id": board, "settings": {"notes_hidden": True}}))
            expect(phone.locator("#hidden-hint")).to_be_visible()
            post(phone, "Kortere ventetid på telefon")
            post(phone, "Åpent kontor på kvelden")
            mine = [n["id"] for n in ok(other.call("snapshot:get", {}))["snapshot"]["boards"][0]["notes"]]
            assert mine == []  # the other phone sees nothing while writing is hidden
            texts = ("Svar innen to dager", "Én kontaktperson", "Møter i nærmiljøet")
            made = [ok(other.call("note:create", {"board_id": board, "text": text, "cid": cid()}))["note"]["id"]
                    for text in texts]
            expect(screen.locator("#big-count")).to_contain_text("5")
            expect(console.locator("#reveal-notes")).to_be_visible()
            check_all("write, notes hidden")

            # Write, revealed.
            ok(lead.call("board:settings", {"board_id": board, "settings": {"notes_hidden": False}}))
            expect(screen.locator("#board-notes > li.note")).to_have_count(5)
            expect(phone.locator("#all-notes .note")).to_have_count(3)
            check_all("write, revealed")

            # Group: two groups, notes left ungrouped, phones may group, a running timer.
            ok(lead.call("board:phase", {"board_id": board, "phase": "group"}))
            ok(lead.call("group:create", {"note_ids": made[:2], "title": "Raskere svar"}))
            ok(lead.call("group:create", {"note_ids": [made[2]], "title": ""}))
            ok(lead.call("board:settings", {"board_id": board, "settings": {"participants_group": True}}))
            ok(lead.call("board:timer", {"board_id": board, "action": "start", "seconds": 600}))
            expect(screen.locator("[data-group-id]")).to_have_count(2)
            expect(phone.locator("#phone-groups select")).to_have_count(5)
            expect(console.locator("#board-notes [data-group-id]")).to_have_count(2)
            expect(screen.locator("#timer")).to_be_visible()
            check_all("group")
            # The note menu, open (role=menu with menuitems).
            console.locator("#ungrouped .note-menu-button").first.focus()
            console.keyboard.press("Enter")
            expect(console.locator(".menu[role=menu]")).to_be_visible()
            check(console, f"facilitator, group, note menu open ({lang})")
            console.keyboard.press("Escape")

            # Vote: a dot given on the phone; the timer paused.
            ok(lead.call("board:phase", {"board_id": board, "phase": "vote"}))
            ok(lead.call("board:timer", {"board_id": board, "action": "pause"}))
            first = phone.locator("#vote-items button.dot-toggle").first
            first.click()
            expect(first).to_have_attribute("aria-pressed", "true")
            expect(screen.locator("#vote-progress")).to_contain_text("1")
            check_all("vote")

            # Results.
            ok(lead.call("board:phase", {"board_id": board, "phase": "results"}))
            expect(phone.locator("#results-view .results")).to_be_visible()
            expect(screen.locator(".screen-results .results")).to_be_visible()
            check_all("results")
        finally:
            lead.close()
            other.close()

        # --- Co-facilitator console, report, series and synthesis ----------------------
        response = form_post(requests.Session(), base,
                             f"/f/{links.facilitator_secret}/cofacilitator", {}, allow_redirects=False)
        assert response.status_code == 302
        console.goto(links.facilitator_url)
        co_url = console.locator("#cofacilitator-url").input_value()
        console.goto(co_url)
        connected(console)
        check(console, f"co-facilitator console ({lang})")
        # The "keep this link" warning shown once after creating (a ds-alert with a copy button).
        console.goto(f"{links.facilitator_url}?new=1")
        expect(console.locator("#keep-link")).to_be_visible()
        connected(console)
        check(console, f"facilitator with the keep-link warning ({lang})")
        if lang == "nb":
            console.locator("#keep-link").screenshot(path=str(SCREENSHOTS / "a11y-keep-link.png"))
        console.goto(f"{links.facilitator_url}/report")
        expect(console.locator("#report-participants")).to_have_text(re.compile(r"\d"))
        check(console, f"report ({lang})")

        series_url = start_series(links, title=f"Serie {lang}")
        built = BuiltSeries(base, series_url)
        second = new_in_series(built, "Ledere")
        theirs = run_workshop(second, MINI_PLAN)
        ours = lead_client(links)
        try:
            our_groups = ours.wait_for("snapshot")["boards"][0]["groups"]
        finally:
            ours.close()
        linked = form_post(requests.Session(), base, f"/serie/{built.secret}/themes/link",
                           {"group_a": our_groups[0]["id"], "group_b": theirs["Tillit"], "position": 0},
                           allow_redirects=False)
        assert linked.status_code == 302 and "error" not in linked.headers["Location"], linked.headers
        console.goto(f"{series_url}?new=1")
        expect(console.locator("#keep-series-link")).to_be_visible()
        expect(console.locator("#member-table tbody tr")).to_have_count(2)
        check(console, f"series ({lang})")
        console.goto(f"{series_url}/synthese")
        expect(console.locator("table.shared-themes")).to_have_count(1)
        check(console, f"synthesis ({lang})")
        # The same pages on a 320 px phone: the tables and charts then scroll in their own,
        # keyboard-reachable boxes.
        narrow = context({"viewport": {"width": 320, "height": 640}, "is_mobile": True,
                          "has_touch": True}).new_page()
        for url, where in ((series_url, "series"), (f"{series_url}/synthese", "synthesis")):
            narrow.goto(url)
            check(narrow, f"{where} at 320 px ({lang})")
        assert not errors, errors
    finally:
        for made in contexts:
            made.close()
