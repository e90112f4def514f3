"""A whole workshop with the keyboard alone (WCAG 2.1.1, 2.4.3, 2.4.7).

No mouse event is sent: no ``click``, no ``mouse``, no ``tap``. Pages are reached by
address (``goto``) or by pressing Enter on a link; everything else is Tab, Shift+Tab,
arrow keys, Enter, Space, Escape and typing. ``tab_to`` walks the page one Tab at a time
and checks that every element it passes shows a focus indicator (a computed outline or
box-shadow), so the focus order of each page is exercised as well.

A participant types the code on the start page, joins, posts a note and votes; the
facilitator moves the board through its phases, makes a group of two notes, names it,
renames it through the group's menu, and moves a note into it.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.a11y import assert_focus_visible, focused, tab_to
from tests.support.browser import PHONE, connected, screenshot
from tests.support.flow_ui import choose_menu_item, group_with, note
from tests.support.workshops import create_workshop

NOTES = ["Kortere ventetid på telefon", "Svar innen to dager", "Én kontaktperson"]
GROUP, RENAMED = "Raskere svar", "Raske og tydelige svar"
# Counts every pointer event a page receives: the test ends by checking there were none.
COUNT_POINTERS = """
  window.__pointerEvents = 0;
  for (const type of ['pointerdown', 'mousedown', 'click', 'touchstart']) {
    window.addEventListener(type, (event) => { if (event.isTrusted && event.detail !== 0) window.__pointerEvents += 1; },
      { capture: true });
  }
"""


def keyboard_page(browsing, url: str, **options):
    context = browsing.context(**options)
    context.add_init_script(COUNT_POINTERS)
    page = context.new_page()
    page.goto(url)
    return page


def test_workshop_by_keyboard_only(server, browsing):
    links = create_workshop(server.url)
    code = links.join_code
    facilitator = keyboard_page(browsing, links.facilitator_url, viewport={"width": 1280, "height": 900})
    connected(facilitator)

    # --- The participant joins from the start page -------------------------------------------
    phone = keyboard_page(browsing, f"{server.url}/", **PHONE)
    # The first Tab reaches the skip link, which shows itself and jumps to the main content.
    phone.keyboard.press("Tab")
    skip = assert_focus_visible(phone)
    assert skip["tag"] == "a" and phone.locator(".skip-link").is_visible(), skip
    tab_to(phone, "#code")
    phone.keyboard.type(f"{code[:3].lower()}-{code[3:]}")  # as people type it
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(rf"/j/{code}$"))
    connected(phone)

    # Post two notes: Tab to the field, type, Tab to Send, Enter; then Ctrl+Enter from the field.
    tab_to(phone, "#note-text")
    phone.keyboard.type(NOTES[0])
    tab_to(phone, "#note-send")
    phone.keyboard.press("Enter")
    expect(phone.locator("#my-notes .note-text")).to_have_text([NOTES[0]])
    expect(phone.locator("#note-text")).to_be_focused()  # ready for the next one
    expect(phone.locator("#note-text")).to_have_value("")
    phone.keyboard.type(NOTES[1])
    phone.keyboard.press("Control+Enter")
    expect(phone.locator("#my-notes .note-text")).to_have_text(NOTES[:2])
    expect(phone.locator("#note-text")).to_have_value("")
    phone.keyboard.type(NOTES[2])
    phone.keyboard.press("Control+Enter")
    expect(phone.locator("#my-notes .note-text")).to_have_text(NOTES)
    expect(phone.locator("#announcer")).to_have_text("Lappen din er sendt.")

    # --- The facilitator moves to grouping and groups by keyboard -----------------------------
    expect(facilitator.locator("#board-notes li.note")).to_have_count(3)
    tab_to(facilitator, "button.phase-step[data-phase=group]")
    facilitator.keyboard.press("Enter")
    expect(facilitator.locator("button.phase-step[data-phase=group]")).to_have_attribute("aria-current", "step")
    expect(phone.locator("#group-view")).to_be_visible()
    expect(facilitator.locator("#announcer")).to_have_text(re.compile("Grupper"))

    # Tab to the board (the first note), select two notes with Enter and Space.
    first_id = note(facilitator, NOTES[0]).get_attribute("data-id")
    tab_to(facilitator, f"[data-key='note:{first_id}']")
    facilitator.keyboard.press("Enter")
    facilitator.keyboard.press("ArrowDown")
    facilitator.keyboard.press("Space")
    expect(facilitator.locator("#selection-count")).to_have_text("2 lapper valgt")
    assert_focus_visible(facilitator)
    # The note's menu (Shift+F10) makes a new group of the two; the focus lands in its name.
    facilitator.keyboard.press("Shift+F10")
    choose_menu_item(facilitator, "Ny gruppe med de 2 valgte lappene")
    group = group_with(facilitator, NOTES[0])
    expect(group.locator("textarea.group-title")).to_be_focused()
    assert_focus_visible(facilitator)
    facilitator.keyboard.type(GROUP)
    facilitator.keyboard.press("Enter")
    expect(phone.locator("#phone-groups [data-group-id] .group-title")).to_have_text([GROUP])

    # Rename through the group's menu: Tab from the name to the ⋯ button, Enter, "Gi nytt navn".
    tab_to(facilitator, "[data-key^='group-menu:']")
    facilitator.keyboard.press("Enter")
    choose_menu_item(facilitator, "Gi nytt navn")
    expect(group.locator("textarea.group-title")).to_be_focused()
    facilitator.keyboard.press("Control+A")
    facilitator.keyboard.type(RENAMED)
    facilitator.keyboard.press("Enter")
    expect(phone.locator("#phone-groups [data-group-id] .group-title")).to_have_text([RENAMED])
    expect(facilitator.locator("#announcer")).to_have_text(f"Gruppen heter nå {RENAMED}.")

    # The last note joins the group through "Move to group…" in its menu.
    last_id = note(facilitator, NOTES[2]).get_attribute("data-id")
    tab_to(facilitator, f"[data-key='note-menu:{last_id}']", key="Shift+Tab")
    facilitator.keyboard.press("Enter")
    choose_menu_item(facilitator, "Flytt til gruppe…")
    choose_menu_item(facilitator, RENAMED)
    expect(group.locator("li.note .note-text")).to_have_text(NOTES)
    expect(phone.locator("#phone-groups [data-group-id] li.note")).to_have_count(3)
    assert focused(facilitator)["key"] == f"note:{last_id}"  # the focus followed the note
    screenshot(facilitator, "a11y-keyboard-facilitator-grouped", full_page=False)

    # On to voting with the "Next" button (Shift+Tab back up to the phase bar).
    tab_to(facilitator, "#phase-next", key="Shift+Tab")
    expect(facilitator.locator("#phase-next")).to_have_text(re.compile("Stem"))
    facilitator.keyboard.press("Enter")
    expect(facilitator.locator("button.phase-step[data-phase=vote]")).to_have_attribute("aria-current", "step")

    # --- The participant votes --------------------------------------------------------------
    expect(phone.locator("#vote-view")).to_be_visible()
    expect(phone.locator("#dots-left")).to_have_text("5 av 5 prikker igjen")
    tab_to(phone, "#vote-items button.dot-toggle")
    phone.keyboard.press("Space")
    dot = phone.locator("#vote-items button.dot-toggle").first
    expect(dot).to_have_attribute("aria-pressed", "true")
    expect(phone.locator("#dots-left")).to_have_text("4 av 5 prikker igjen")
    expect(dot).to_be_focused()  # the redraw kept the focus on the button
    assert_focus_visible(phone)
    screenshot(phone, "a11y-keyboard-phone-voted", full_page=False)

    # --- Results, with the phase step buttons --------------------------------------------------
    tab_to(facilitator, "button.phase-step[data-phase=results]", key="Shift+Tab")
    facilitator.keyboard.press("Enter")
    expect(facilitator.locator("button.phase-step[data-phase=results]")).to_have_attribute("aria-current", "step")
    expect(phone.locator("#results-view .result-title")).to_have_text([RENAMED])
    expect(phone.locator("#results-view .result-votes")).to_have_text(["1 prikk"])
    assert browsing.dialogs == []
    # A click made by Enter or Space on a button has detail 0; a pointer's has detail >= 1.
    assert phone.evaluate("window.__pointerEvents") == 0
    assert facilitator.evaluate("window.__pointerEvents") == 0
