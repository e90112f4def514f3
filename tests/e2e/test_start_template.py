"""The start page's template button fills in the questions without a reload, so a title
already typed is kept; without JavaScript it posts the form and keeps it too."""
from __future__ import annotations

from playwright.sync_api import expect

from app.domain.workshops import SAMHANDLING_TEMPLATE
from tests.support.browser import DESKTOP
from tests.support.a11y import assert_no_axe_violations

TITLE = "Verksted for ledere i Arendal"


def test_the_template_button_keeps_the_typed_title(server, browsing):
    page = browsing.desktop(f"{server.url}/")
    page.locator("#title").fill(TITLE)
    page.locator("#stakeholder").fill("Ledere")
    page.evaluate("window.notReloaded = true")
    page.locator("#use-template").click()
    expect(page.locator("#question-list textarea")).to_have_count(len(SAMHANDLING_TEMPLATE))
    for box, question in zip(page.locator("#question-list textarea").all(), SAMHANDLING_TEMPLATE):
        expect(box).to_have_value(question)
    assert page.evaluate("window.notReloaded") is True  # the page was not loaded again
    expect(page.locator("#title")).to_have_value(TITLE)
    expect(page.locator("#stakeholder")).to_have_value("Ledere")
    expect(page.locator("#question-1")).to_be_focused()
    assert_no_axe_violations(page, "start page after the template button")
    page.locator("#create-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(TITLE)


def test_without_javascript_the_template_button_keeps_the_title_too(server, browsing):
    page = browsing.open(f"{server.url}/", java_script_enabled=False, **DESKTOP)
    page.locator("#title").fill(TITLE)
    page.locator("#use-template").click()
    page.wait_for_load_state()
    expect(page.locator("#title")).to_have_value(TITLE)
    for box, question in zip(page.locator("#question-list textarea").all(), SAMHANDLING_TEMPLATE):
        expect(box).to_have_value(question)
    expect(page.locator("#question-list textarea")).to_have_count(len(SAMHANDLING_TEMPLATE))
