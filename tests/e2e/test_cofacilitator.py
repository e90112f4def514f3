"""A co-facilitator runs the workshop from another device until the link is switched off;
deleting the workshop clears every screen."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.support.flow_ui import open_panel
from tests.support.browser import connected
from tests.support.workshops import create_workshop


def test_cofacilitator_link_works_until_switched_off(server, browsing):
    links = create_workshop(server.url)
    lead = browsing.desktop(links.facilitator_url)
    connected(lead)
    open_panel(lead, "cofacilitator")
    lead.click("#make-cofacilitator-link")
    co_url = lead.locator("#cofacilitator-url").input_value()
    assert "/c/" in co_url
    co = browsing.desktop(co_url)
    connected(co)
    expect(co.locator("#delete-workshop")).to_have_count(0)
    expect(co.locator("#projector-link")).to_have_count(0)
    co.click("button.phase-step[data-phase=group]")
    expect(lead.locator("button.phase-step[data-phase=group]")).to_have_attribute("aria-current", "step")
    browsing.screenshot(co, "cofacilitator-console")

    # After the form, the address (#cofacilitator) opens the panel again.
    lead.click("form[action$='/cofacilitator/revoke'] button")
    expect(co.locator("#connection")).to_have_attribute("data-state", "refused")
    response = co.reload()
    assert response.status == 410  # the page says the link was switched off


def test_deleting_the_workshop_clears_every_screen(server, browsing):
    links = create_workshop(server.url)
    lead = browsing.desktop(links.facilitator_url)
    screen = browsing.projector(links.projector_url)
    phone = browsing.phone(links.join_url)
    for page in (lead, screen, phone):
        connected(page)
    open_panel(lead, "delete-workshop")
    lead.check("#confirm-delete")
    lead.click("#delete-workshop button[type=submit]")
    expect(lead.locator("#deleted-message")).to_be_visible()
    for page in (screen, phone):
        expect(page.locator("#connection")).to_have_attribute("data-state", "refused")
    expect(phone.locator("#note-form")).to_be_hidden()
    browsing.screenshot(phone, "deleted-phone")
