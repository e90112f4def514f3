"""The whole room in a real browser: create, project, join on two phones, post, see."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from app.domain.workshops import SAMHANDLING_TEMPLATE
from tests.support.browser import PROJECTOR, connected

TITLE = "Verksted for innbyggere"
HOSTILE = "<img src=x onerror=alert(1)>"


def post(phone, text: str) -> None:
    phone.locator("#note-text").fill(text)
    phone.locator("#note-form button[type=submit]").click()
    expect(phone.locator("#my-notes .note-text").filter(has_text=text)).to_have_count(1)
    expect(phone.locator("#note-text")).to_have_value("")


def test_create_project_join_and_post_from_two_phones(server, browsing):
    # The facilitator creates the workshop through the real start page.
    facilitator = browsing.desktop(f"{server.url}/")
    facilitator.locator("#use-template").click()  # fills the questions in place
    expect(facilitator.locator("#question-list textarea")).to_have_text(list(SAMHANDLING_TEMPLATE))
    facilitator.locator("#title").fill(TITLE)
    facilitator.locator("#stakeholder").fill("Innbyggere")
    facilitator.locator("#create-form button[type=submit]").click()

    expect(facilitator).to_have_url(re.compile(re.escape(server.url) + r"/f/[\w-]+"))
    keep = facilitator.locator("#keep-link")
    expect(keep).to_be_visible()
    facilitator_url = facilitator.locator("#facilitator-link").input_value()
    assert facilitator_url.startswith(f"{server.url}/f/") and "new=" not in facilitator_url
    # The "shown once" query parameter is dropped from the address bar.
    expect(facilitator).to_have_url(facilitator_url)
    expect(facilitator.locator("h1")).to_have_text(TITLE)
    connected(facilitator)

    # The projector view, opened from the facilitator page's link (a new tab).
    with facilitator.context.expect_page() as opened:
        facilitator.locator("#projector-link").click()
    screen = opened.value
    screen.set_viewport_size(PROJECTOR["viewport"])
    screen.wait_for_load_state()
    assert re.fullmatch(re.escape(server.url) + r"/s/[\w-]+", screen.url)
    connected(screen)
    expect(screen.locator("#question")).to_have_text(SAMHANDLING_TEMPLATE[0])
    expect(screen.locator("#join-qr")).to_be_visible()
    join_url = screen.locator("#join-url").inner_text().strip()
    code = screen.locator("#join-code").inner_text().replace("-", "").strip()
    assert join_url == f"{server.url}/j/{code}"

    # Two people, each with their own phone (separate cookies).
    alice, bob = browsing.phone(join_url), browsing.phone(join_url)
    for phone in (alice, bob):
        connected(phone)
        expect(phone.locator("#question")).to_have_text(SAMHANDLING_TEMPLATE[0])
    expect(screen.locator("#people")).to_have_text(re.compile(r"\b2\b"))

    from_alice, from_bob = "Kortere ventetid på svar fra kommunen", "Én kontaktperson – ikke fem"
    post(alice, from_alice)
    post(bob, from_bob)

    notes = screen.locator("#board-notes > li.note .note-text")
    expect(notes).to_have_text([from_alice, from_bob])
    expect(alice.locator("#my-notes .note-text")).to_have_text([from_alice])
    expect(alice.locator("#all-notes .note-text")).to_have_text([from_bob])
    expect(bob.locator("#my-notes .note-text")).to_have_text([from_bob])
    expect(bob.locator("#all-notes .note-text")).to_have_text([from_alice])
    expect(facilitator.locator("#board-notes .note-text")).to_have_text([from_alice, from_bob])

    # Markup in a note is shown as the characters typed, never run.
    post(alice, HOSTILE)
    expect(notes).to_have_text([from_alice, from_bob, HOSTILE])
    expect(facilitator.locator("#board-notes .note-text")).to_have_text(
        [from_alice, from_bob, HOSTILE])
    expect(bob.locator("#all-notes .note-text").first).to_have_text(HOSTILE)
    for page in (screen, facilitator, alice, bob):
        expect(page.locator("#board-notes img, #my-notes img, #all-notes img")).to_have_count(0)
    assert browsing.dialogs == [], browsing.dialogs

    browsing.screenshot(screen, "flow-projector-1920x1080", full_page=False)
    browsing.screenshot(alice, "flow-phone-alice-390")
    browsing.screenshot(bob, "flow-phone-bob-390")
    browsing.screenshot(facilitator, "flow-facilitator-1280")

    # Back on the start page, this browser lists the workshop it created.
    facilitator.goto(f"{server.url}/")
    mine = facilitator.locator("#my-workshops")
    expect(mine).to_be_visible()
    link = mine.locator("#my-workshop-list a")
    expect(link).to_have_text([TITLE])
    expect(link).to_have_attribute("href", facilitator_url)
    browsing.screenshot(facilitator, "flow-start-page-with-my-workshops")
    assert browsing.dialogs == [], browsing.dialogs
