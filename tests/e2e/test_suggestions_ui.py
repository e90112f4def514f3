"""Grouping help in real browsers (docs/grouping.md): suggested groups under ungrouped notes,
accepted with the keyboard only; the top suggestion in a note's menu; a "possible duplicate"
pair put together; a first draft whose group is accepted with an edited name; the help
switched off and remembered. Phones and the projector never get any of it.

Screenshots: test-artifacts/screenshots/suggestions-*.png.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import connected, screenshot
from tests.support.flow_ui import choose_menu_item, focused_key, group_with, note, post, press_until_focused
from tests.support.workshops import create_workshop

SAKS, OPEN, PARKING = "Saksbehandling", "Åpningstider", "Parkering"
GROUPED = {SAKS: ["Kortere saksbehandlingstid", "Raskere saksbehandling av søknader"],
           OPEN: ["Lengre åpningstider", "Åpent på kveldstid"]}
SLOW = "Saksbehandlingstiden må ned"          # its suggestion is accepted by keyboard
NYNORSK = "Kortare sakshandsamingstid"        # a Nynorsk twin of "Kortere saksbehandlingstid"
EVENINGS = ["Åpningstider på kvelden", "Åpningstider for folk i jobb"]
PARKING_NOTES = ["Flere parkeringsplasser", "Flere parkeringsplasser ved rådhuset"]
NOTES = [*GROUPED[SAKS], *GROUPED[OPEN], SLOW, NYNORSK, *EVENINGS, *PARKING_NOTES]
SUGGEST_NAME = "Flytt til gruppen «{}» (forslag)"


def exact(text: str) -> re.Pattern:
    return re.compile(f"^{re.escape(text)}$")


def screen_group(screen, title: str):
    """The projector's column for the group with this title."""
    return screen.locator("[data-group-id]").filter(
        has=screen.locator(".group-title", has_text=exact(title)))


def received_events(page) -> list[str]:
    """Names of the Socket.IO events a page receives (attach before it loads)."""
    names: list[str] = []

    def frame(payload) -> None:
        match = re.match(r'42\d*\["([^"]+)"', payload if isinstance(payload, str) else "")
        if match:
            names.append(match.group(1))
    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    return names


def make_group(page, texts: list[str], title: str) -> None:
    """Select two notes, make a group of them, type its name."""
    for text in texts:
        note(page, text).locator(".note-pick").click()
    page.locator("#selection-new-group").click()
    title_box = group_with(page, texts[0]).locator("textarea.group-title")
    expect(title_box).to_be_focused()
    page.keyboard.type(title)
    page.keyboard.press("Enter")
    expect(title_box).to_have_value(title)


def test_grouping_help_suggests_and_the_facilitator_decides(server, browsing):
    links = create_workshop(server.url)
    facilitator = browsing.open(viewport={"width": 1280, "height": 1000})
    screen, phone = browsing.projector(), browsing.phone()
    heard = {name: received_events(page) for name, page in
             (("facilitator", facilitator), ("projector", screen), ("phone", phone))}
    facilitator.goto(links.facilitator_url)
    screen.goto(links.projector_url)
    phone.goto(links.join_url)
    for page in (facilitator, screen, phone):
        connected(page)
    for text in NOTES:
        post(phone, text)
    expect(facilitator.locator("#board-notes li.note")).to_have_count(len(NOTES))
    # No groups yet: nothing to suggest, and the draft belongs to the group phase.
    expect(facilitator.locator("#grouping-assist")).to_be_visible()
    expect(facilitator.locator("#draft-open")).to_be_hidden()

    facilitator.locator("#phase-bar [data-phase=group]").click()
    expect(facilitator.locator("#draft-open")).to_be_visible()
    for title, texts in GROUPED.items():
        make_group(facilitator, texts, title)
    saks = group_with(facilitator, GROUPED[SAKS][0])
    saks_id = saks.get_attribute("data-group-id")

    # --- Suggested groups: real buttons under each ungrouped note --------------------------
    slow = note(facilitator, SLOW)
    slow_id = slow.get_attribute("data-id")
    suggestion = slow.get_by_role("button", name=SUGGEST_NAME.format(SAKS))
    expect(suggestion).to_be_visible()
    expect(suggestion).to_have_text(f"→ {SAKS}")
    expect(slow.get_by_role("group", name=re.compile("^Foreslåtte grupper for lappen"))).to_be_visible()
    expect(note(facilitator, EVENINGS[0]).locator(".suggest-button").first).to_have_text(f"→ {OPEN}")
    for text in (*GROUPED[SAKS], *GROUPED[OPEN]):  # grouped notes get no suggestions
        expect(note(facilitator, text).locator(".suggest-button")).to_have_count(0)
    # Possible duplicates: both notes of the pair are marked, in words.
    for text in (GROUPED[SAKS][0], NYNORSK):
        expect(note(facilitator, text).locator(".twin-badge")).to_have_text("≈ Mulig dobbel")
    expect(note(facilitator, NYNORSK).locator(".twin-of")).to_have_text(
        f"Ligner på «{GROUPED[SAKS][0]}»")
    facilitator.evaluate("document.getElementById('notes-heading').scrollIntoView()")
    screenshot(facilitator, "suggestions-board", full_page=False)

    # Keyboard only: from the add-note button, Tab to the suggestion and press Enter.
    facilitator.locator("#note-form button[type=submit]").focus()
    press_until_focused(facilitator, "Tab", lambda key: key == f"suggest:{slow_id}:{saks_id}", 8)
    facilitator.keyboard.press("Enter")
    expect(saks.locator("li.note .note-text")).to_have_text([*GROUPED[SAKS], SLOW])
    expect(screen_group(screen, SAKS).locator(".note-text")).to_have_text([*GROUPED[SAKS], SLOW])
    expect(facilitator.locator("#announcer")).to_have_text(f"Flyttet til gruppen {SAKS}.")
    # The focus went on to the next ungrouped note, ready for the next decision.
    nynorsk_id = note(facilitator, NYNORSK).get_attribute("data-id")
    assert focused_key(facilitator) == f"note:{nynorsk_id}"
    # The same advice is in the note's menu (Shift+F10); Escape leaves it unused.
    facilitator.keyboard.press("Shift+F10")
    menu = facilitator.locator(".menu[role=menu]")
    expect(menu.get_by_role("menuitem").first).to_have_text(f"Flytt til foreslått gruppe: {SAKS}")
    facilitator.keyboard.press("Escape")
    assert focused_key(facilitator) == f"note-menu:{nynorsk_id}"

    # Phones and the projector never see or receive any of it.
    for page in (phone, screen):
        expect(page.locator(".suggest-button, .note-assist, #grouping-assist, #draft-panel")).to_have_count(0)
        expect(page.get_by_text("forslag", exact=False)).to_have_count(0)
    assert "suggestions" in heard["facilitator"]  # the same listener does hear the pushes
    assert "suggestions" not in heard["phone"] + heard["projector"]
    screenshot(phone, "suggestions-phone", full_page=False)

    # --- First draft: a panel with a heading, proposals to accept or reject ----------------
    opener = facilitator.locator("#draft-open")
    opener.focus()
    facilitator.keyboard.press("Enter")
    panel = facilitator.get_by_role("region", name="Første utkast til grupper")
    expect(panel).to_be_visible()
    expect(facilitator.locator("#draft-heading")).to_be_focused()
    expect(opener).to_have_attribute("aria-expanded", "true")
    proposals = panel.locator(".draft-group")
    expect(proposals).to_have_count(2)
    # Titles are short phrases taken from the notes themselves.
    expect(proposals.nth(0).locator("input")).to_have_value(EVENINGS[0])
    expect(proposals.nth(1).locator("input")).to_have_value("Flere parkeringsplasser")
    expect(proposals.nth(1).locator(".draft-notes li")).to_have_text(PARKING_NOTES)
    proposals.nth(1).get_by_label("Navn på gruppen").fill(PARKING)
    screenshot(facilitator, "suggestions-draft", full_page=False)
    proposals.nth(1).get_by_role("button", name=f"Godta gruppen «{PARKING}»").click()
    parking = group_with(facilitator, PARKING_NOTES[0])
    expect(parking.locator("textarea.group-title")).to_have_value(PARKING)
    expect(parking.locator("li.note .note-text")).to_have_text(PARKING_NOTES)
    expect(screen_group(screen, PARKING).locator(".note-text")).to_have_text(PARKING_NOTES)
    expect(facilitator.locator("#announcer")).to_have_text(f"Ny gruppe «{PARKING}» med 2 lapper.")
    expect(proposals).to_have_count(1)

    # --- The duplicate pair: "Put together" moves the ungrouped twin into the other's group --
    note(facilitator, GROUPED[SAKS][0]).get_by_role(
        "button", name=f"Samle med den andre: {NYNORSK}").click()
    expect(saks.locator("li.note .note-text")).to_have_text([*GROUPED[SAKS], SLOW, NYNORSK])
    expect(screen_group(screen, SAKS).locator(".note-text")).to_have_text(
        [*GROUPED[SAKS], SLOW, NYNORSK])
    expect(facilitator.locator("#announcer")).to_have_text(
        f"De to lappene er nå samlet i gruppen {SAKS}.")
    expect(facilitator.locator(".twin-badge")).to_have_count(0)
    # The open draft follows the board: that note is now marked as already grouped.
    expect(proposals.locator(".draft-notes li.taken")).to_have_text(
        [f"{NYNORSK} allerede i en gruppe"])
    proposals.first.get_by_role("button", name=f"Avvis gruppen «{EVENINGS[0]}»").click()
    expect(proposals).to_have_count(0)
    expect(panel.locator("#draft-status")).to_have_text("Du har gått gjennom alle gruppene i utkastet.")
    expect(facilitator.locator("#draft-heading")).to_be_focused()
    panel.get_by_role("button", name="Lukk").click()
    expect(panel).to_be_hidden()
    expect(opener).to_be_focused()
    expect(opener).to_have_attribute("aria-expanded", "false")
    # Nothing was ever applied by itself: the evenings notes are still waiting.
    for text in EVENINGS:
        expect(facilitator.locator("#ungrouped li.note .note-text", has_text=exact(text))).to_have_count(1)
    screenshot(screen, "suggestions-projector", full_page=False)

    # --- "Show suggestions" off: the help is gone, and stays gone after a reload -------------
    toggle = facilitator.get_by_label("Vis forslag")
    expect(toggle).to_be_checked()
    toggle.uncheck()
    expect(facilitator.locator(".suggest-button")).to_have_count(0)
    facilitator.reload()
    connected(facilitator)
    expect(facilitator.get_by_label("Vis forslag")).not_to_be_checked()
    expect(facilitator.locator("#board-notes li.note")).to_have_count(len(NOTES))
    expect(facilitator.locator(".suggest-button")).to_have_count(0)
    note(facilitator, EVENINGS[0]).locator(".note-menu-button").click()
    choose_menu_item(facilitator, "Flytt til gruppe…")  # the plain menu is still there
    expect(facilitator.locator(".menu [role=menuitem]").filter(has_text="foreslått")).to_have_count(0)
    facilitator.keyboard.press("Escape")
    facilitator.get_by_label("Vis forslag").check()
    expect(note(facilitator, EVENINGS[0]).get_by_role("button", name=SUGGEST_NAME.format(OPEN))).to_be_visible()

    # Reflow: at 320 px wide the help bar and the suggestions fit without sideways scrolling.
    facilitator.set_viewport_size({"width": 320, "height": 900})
    for selector in ("#grouping-assist", "#ungrouped .note-assist"):
        box = facilitator.locator(selector).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, (selector, box)
    for button in facilitator.locator("#grouping-assist button, .suggest-button").all():
        box = button.bounding_box()
        if box:
            assert box["height"] >= 44 and box["width"] >= 44, box
    note(facilitator, EVENINGS[0]).scroll_into_view_if_needed()
    screenshot(facilitator, "suggestions-narrow", full_page=False)
