"""Replacing the projector or the facilitator link from the facilitator workspace (1366×768):
asked first, then the open screens with the old link say they were disconnected, phones stay
connected, and the new link works."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.support.a11y import assert_no_axe_violations
from tests.support.browser import connected
from tests.support.flow_ui import open_panel
from tests.support.workshops import create_workshop

WORKSPACE = {"viewport": {"width": 1366, "height": 768}}


def test_a_new_projector_link_disconnects_the_open_projector(server, browsing):
    links = create_workshop(server.url)
    lead = browsing.open(links.facilitator_url, **WORKSPACE)
    screen = browsing.projector(links.projector_url)
    phone = browsing.phone(links.join_url)
    for page in (lead, screen, phone):
        connected(page)

    open_panel(lead, "share-panel")
    lead.click("#new-projector-link")
    dialog = lead.locator("#confirm-new-projector-link")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("slutter å virke med en gang")
    expect(dialog).to_contain_text("Deltakernes mobiler forblir tilkoblet")
    expect(dialog.locator("[data-closes]")).to_be_focused()  # the safe choice first
    browsing.screenshot(lead, "new-projector-link-confirm", full_page=False)
    assert_no_axe_violations(lead, "new projector link: the confirmation")
    # Escape (or Cancel) changes nothing.
    lead.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(lead.locator("#new-projector-link")).to_be_focused()
    expect(screen.locator("#connection")).to_have_attribute("data-state", "connected")

    lead.click("#new-projector-link")
    dialog.get_by_role("button", name="Lag ny skjermlenke").click()
    notice = lead.locator("#projector-replaced")
    expect(notice).to_be_visible()
    expect(lead.locator("details#share-panel")).to_have_attribute("open", "")
    new_url = lead.locator("#projector-url").input_value()
    assert new_url != links.projector_url
    assert lead.locator("#projector-link").get_attribute("href") == new_url
    lead.wait_for_function("() => !location.search")  # the notice is shown once
    browsing.screenshot(lead, "new-projector-link-panel", full_page=False)
    assert_no_axe_violations(lead, "new projector link: the panel after it")

    # The open projector says, across the wall, that it was disconnected and why.
    ended = screen.locator("#screen-ended")
    expect(ended).to_be_visible()
    expect(ended).to_contain_text("Denne skjermen er koblet fra")
    expect(ended).to_contain_text("Denne skjermlenken er byttet ut med en ny")
    expect(screen.locator("#connection")).to_have_attribute("data-state", "refused")
    browsing.screenshot(screen, "projector-link-replaced", full_page=False)
    assert_no_axe_violations(screen, "projector disconnected by a new link")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")

    # The new link works; the old one answers a page that says what happened.
    fresh = browsing.projector(new_url)
    connected(fresh)
    response = screen.reload()
    assert response.status == 410
    expect(screen.locator("h1")).to_have_text("Denne lenken virker ikke lenger")
    assert_no_axe_violations(screen, "the page of a replaced projector link")


def test_a_new_facilitator_link_is_shown_once_and_replaces_the_saved_one(server, browsing):
    links = create_workshop(server.url)
    lead = browsing.open(links.facilitator_url, **WORKSPACE)
    connected(lead)
    other_tab = lead.context.new_page()
    other_tab.goto(links.facilitator_url)
    connected(other_tab)

    lead.bring_to_front()
    open_panel(lead, "facilitator-link-panel")
    lead.click("#new-facilitator-link")
    dialog = lead.locator("#confirm-new-facilitator-link")
    expect(dialog).to_contain_text("Andre faner og enheter som har den åpen, blir koblet fra")
    browsing.screenshot(lead, "new-facilitator-link-confirm", full_page=False)
    dialog.get_by_role("button", name="Lag ny fasilitatorlenke").click()

    keep = lead.locator("#keep-link")
    expect(keep).to_contain_text("Den nye fasilitatorlenken din")
    new_url = lead.locator("#facilitator-link").input_value()
    lead.wait_for_function("() => !location.search")  # shown once: not again on reload
    assert new_url != links.facilitator_url and lead.url == new_url
    connected(lead)
    browsing.screenshot(lead, "new-facilitator-link-shown", full_page=False)
    # The other tab with the old link was told; the start page lists only the new link.
    expect(other_tab.locator("#connection")).to_have_attribute("data-state", "refused")
    expect(other_tab.locator("#connection")).to_contain_text("byttet ut med en ny")
    start = lead.context.new_page()
    start.goto(server.url + "/")
    saved = start.locator("#my-workshop-list a")
    expect(saved).to_have_count(1)
    assert saved.get_attribute("href") == new_url
    lead.reload()
    expect(lead.locator("#keep-link")).to_have_count(0)  # shown once
