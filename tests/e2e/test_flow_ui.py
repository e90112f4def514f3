"""A whole workshop in real browsers: write (hidden, then revealed), group by dragging and
by keyboard only, vote from three phones within the budget, results with ranks, ties and bars.

Five screens at once: the facilitator console, the projector, three phones (separate
contexts, 390×844). Every phase is checked on every screen and photographed to
test-artifacts/screenshots/flow-<phase>-<screen>.png.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import connected, screenshot
from tests.support.flow_ui import (
    SELECTED, Finger, choose_menu_item, settle_scroll, drag, focused_key, group_with, note, open_panel, post,
    press_until_focused, shoot)
from tests.support.workshops import create_workshop

ANNE = ["Raskere svar på e-post", "Én kontaktperson i kommunen", "Svar innen to dager"]
BJORN = ["Bedre universell utforming", "Nettsider som er lette å lese", "Åpent på kveldstid"]
CECILIE = ["Mer tillit mellom partene", "Færre skjemaer", "Møter i nærmiljøet"]
FROM_FACILITATOR = "Digital hjelp på biblioteket"
CONTACT, ACCESS = "Kontakt med kommunen", "Tilgjengelighet"
UNTITLED = "Gruppe uten navn"


def phase_is(page, phase: str) -> None:
    expect(page.locator(f"#phase-bar [data-phase={phase}]")).to_have_attribute("aria-current", "step")
    expect(page.locator("#phase-bar [aria-current]")).to_have_count(1)


def give(phone, title: str):
    """The vote item on a phone whose title is `title`."""
    return phone.locator("#vote-items > li.vote-item").filter(
        has=phone.locator(".vote-title", has_text=re.compile(f"^{re.escape(title)}$")))


def test_whole_workshop_on_five_screens(server, browsing):
    links = create_workshop(server.url)
    facilitator = browsing.open(links.facilitator_url, viewport={"width": 1280, "height": 1000})
    screen = browsing.projector(links.projector_url)
    anne, bjorn, cecilie = phones = [browsing.phone(links.join_url) for _ in range(3)]
    pages = {"facilitator": facilitator, "projector": screen,
             "phone-anne": anne, "phone-bjorn": bjorn, "phone-cecilie": cecilie}
    for page in pages.values():
        connected(page)
    phase_is(facilitator, "write")
    expect(screen.locator("#people")).to_have_text(re.compile(r"\b3\b"))

    # --- Write, hidden: the projector counts, each phone sees only its own notes ----------
    open_panel(facilitator, "settings-panel")  # closed until opened; it stays open
    facilitator.locator("#set-notes-hidden").check()
    expect(facilitator.locator("#reveal-notes")).to_be_visible()
    expect(screen.locator("#hidden-count")).to_be_visible()
    for phone, texts in zip(phones, (ANNE, BJORN, CECILIE)):
        expect(phone.locator("#hidden-hint")).to_be_visible()
        for text in texts:
            post(phone, text)
    expect(screen.locator("#big-count")).to_have_text("9 lapper skrevet")
    expect(screen.locator("#board-notes > li.note")).to_have_count(0)
    expect(facilitator.locator("#board-notes li.note")).to_have_count(9)
    expect(facilitator.locator("#grouping-help")).to_contain_text("Vis dem før du grupperer")
    for phone, texts in zip(phones, (ANNE, BJORN, CECILIE)):
        expect(phone.locator("#my-notes .note-text")).to_have_text(texts)
        expect(phone.locator("#all-notes .note")).to_have_count(0)
    shoot(pages, "1-write-hidden")

    # Reveal: every screen shows every note.
    facilitator.locator("#reveal-notes").click()
    expect(facilitator.locator("#reveal-notes")).to_be_hidden()
    expect(screen.locator("#board-notes > li.note .note-text")).to_have_text(ANNE + BJORN + CECILIE)
    expect(screen.locator("#hidden-count")).to_be_hidden()
    for phone in phones:
        expect(phone.locator("#all-notes .note")).to_have_count(6)
        expect(phone.locator("#hidden-hint")).to_be_hidden()
    # The facilitator adds a note for someone without a phone.
    facilitator.locator("#note-text").fill(FROM_FACILITATOR)
    facilitator.locator("#note-form button[type=submit]").click()
    expect(screen.locator("#board-notes > li.note")).to_have_count(10)
    shoot(pages, "2-write")

    # --- Group phase ----------------------------------------------------------------------
    facilitator.locator("#phase-bar [data-phase=group]").click()
    phase_is(facilitator, "group")
    for phone in phones:
        expect(phone.locator("#group-view")).to_be_visible()
        expect(phone.locator("#note-form")).to_be_hidden()
        expect(phone.locator("#posting-closed")).to_have_text(
            "Det er stengt for nye lapper. Nå blir lappene gruppert.")
    expect(screen.locator("#phase-label")).to_have_text("Steg 2 av 4: Grupper")
    expect(screen.locator("#ungrouped li.note")).to_have_count(10)
    # A timer for the grouping, shown on the projector and the phones.
    facilitator.locator("#timer-minutes").fill("10")
    facilitator.locator("#timer-start").click()
    expect(screen.locator("#timer")).to_have_attribute("data-state", "running")
    expect(screen.locator("#timer .timer-time")).to_have_text(re.compile(r"^(10:00|9:5\d)$"))
    expect(anne.locator("#timer")).to_be_visible()

    board = facilitator.locator("#board-notes")
    board.scroll_into_view_if_needed()
    facilitator.evaluate("window.scrollTo(0, document.getElementById('board-notes').offsetTop - 60)")

    # Drag: a note onto a note makes a group of the two ...
    drag(facilitator, note(facilitator, ANNE[0]), note(facilitator, ANNE[2]))
    first = group_with(facilitator, ANNE[0])
    expect(first).to_have_count(1)
    expect(first.locator("li.note .note-text")).to_have_text([ANNE[0], ANNE[2]])
    expect(first.locator(".group-title")).to_have_attribute("placeholder", UNTITLED)
    # ... and a note onto a group column joins it.
    drag(facilitator, note(facilitator, ANNE[1]), first, at=first.locator(".group-count"))
    expect(first.locator("li.note .note-text")).to_have_text(ANNE)
    expect(facilitator.locator("#ungrouped li.note")).to_have_count(7)
    expect(screen.locator("[data-group-id] .group-title")).to_have_text([UNTITLED])
    expect(anne.locator("#phone-groups [data-group-id] li.note")).to_have_count(3)

    # Keyboard only: Tab into the board, arrows to a note, Enter/Space select two notes.
    facilitator.locator("#note-form button[type=submit]").focus()
    facilitator.keyboard.press("Tab")
    assert (focused_key(facilitator) or "").startswith("note:"), focused_key(facilitator)
    bjorn_ids = [note(facilitator, text).get_attribute("data-id") for text in BJORN]
    press_until_focused(facilitator, "ArrowDown", lambda key: key == f"note:{bjorn_ids[0]}")
    facilitator.keyboard.press("Enter")
    expect(note(facilitator, BJORN[0]).locator(".note-pick")).to_have_attribute("aria-pressed", "true")
    facilitator.keyboard.press("ArrowDown")
    assert focused_key(facilitator) == f"note:{bjorn_ids[1]}"
    facilitator.keyboard.press("Space")
    expect(note(facilitator, BJORN[1])).to_have_class(SELECTED)
    expect(facilitator.locator("#selection-count")).to_have_text("2 lapper valgt")
    # Tab to the note's menu button, open it, make a new group of the selection.
    facilitator.keyboard.press("Tab")
    assert focused_key(facilitator) == f"note-menu:{bjorn_ids[1]}"
    facilitator.keyboard.press("Enter")
    expect(facilitator.locator(f"[data-key='note-menu:{bjorn_ids[1]}']")).to_have_attribute(
        "aria-expanded", "true")
    choose_menu_item(facilitator, "Ny gruppe med de 2 valgte lappene")
    second = group_with(facilitator, BJORN[0])
    expect(second.locator("li.note .note-text")).to_have_text(BJORN[:2])
    # The focus is on the new group's name, ready to type.
    expect(second.locator("textarea.group-title")).to_be_focused()
    facilitator.keyboard.type(ACCESS)
    facilitator.keyboard.press("Enter")
    expect(screen.locator("[data-group-id] .group-title")).to_have_text([UNTITLED, ACCESS])
    expect(facilitator.locator("#announcer")).to_have_text(f"Gruppen heter nå {ACCESS}.")
    expect(second.locator("textarea.group-title")).to_be_focused()

    # Move one note into the first group with Shift+F10 and the "Move to group…" submenu.
    evening = note(facilitator, BJORN[2])
    evening_id = evening.get_attribute("data-id")
    evening.locator(".note-pick").focus()
    facilitator.keyboard.press("Shift+F10")
    choose_menu_item(facilitator, "Flytt til gruppe…")
    choose_menu_item(facilitator, UNTITLED)
    expect(first.locator("li.note .note-text")).to_have_text(ANNE + [BJORN[2]])
    # The focus followed the note into its new column instead of falling to <body>.
    assert focused_key(facilitator) == f"note:{evening_id}"
    expect(facilitator.locator("#announcer")).to_have_text(f"Flyttet til gruppen {UNTITLED}.")

    # Rename the first group by keyboard: Home (top of the column), Shift+Tab to the group's
    # menu, "Rename". Meanwhile the projector pauses live updates (WCAG 2.2.2).
    screen.locator("#pause-live").click()
    expect(screen.locator("#pause-live")).to_have_attribute("aria-pressed", "true")
    facilitator.keyboard.press("Home")
    facilitator.keyboard.press("Shift+Tab")
    assert (focused_key(facilitator) or "").startswith("group-menu:"), focused_key(facilitator)
    facilitator.keyboard.press("Enter")
    choose_menu_item(facilitator, "Gi nytt navn")
    expect(first.locator("textarea.group-title")).to_be_focused()
    facilitator.keyboard.type(CONTACT)
    facilitator.keyboard.press("Enter")
    expect(anne.locator("#phone-groups [data-group-id] .group-title")).to_have_text([CONTACT, ACCESS])
    expect(screen.locator("[data-group-id] .group-title")).to_have_text([UNTITLED, ACCESS])  # frozen
    screen.locator("#pause-live").click()
    expect(screen.locator("[data-group-id] .group-title")).to_have_text([CONTACT, ACCESS])

    # Moderation: hide a note from every screen, then show it again.
    hidden = note(facilitator, CECILIE[2])
    hidden.locator(".note-menu-button").click()
    choose_menu_item(facilitator, "Skjul for alle")
    expect(hidden).to_have_class(re.compile(r"\bmoderated\b"))
    expect(screen.locator("#ungrouped li.note")).to_have_count(3)
    expect(cecilie.locator("#phone-groups li.note")).to_have_count(9)
    hidden.locator(".note-menu-button").click()
    choose_menu_item(facilitator, "Vis igjen")
    expect(screen.locator("#ungrouped li.note")).to_have_count(4)
    facilitator.locator("#timer-pause").click()
    expect(screen.locator("#timer")).to_have_attribute("data-state", "paused")
    shoot(pages, "3-group")

    # --- Vote phase: budget 5, one dot per item ------------------------------------------
    facilitator.locator("#phase-bar [data-phase=vote]").click()
    phase_is(facilitator, "vote")
    facilitator.locator("#timer-stop").click()
    expect(screen.locator("#timer")).to_be_hidden()
    facilitator.locator("#timer-minutes").fill("0.05")  # three seconds
    facilitator.locator("#timer-start").click()
    expect(facilitator.locator("#vote-budget")).to_have_value("5")
    items = [CONTACT, ACCESS, CECILIE[0], CECILIE[1], CECILIE[2], FROM_FACILITATOR]
    for phone in phones:
        expect(phone.locator("#vote-view")).to_be_visible()
        expect(phone.locator("#vote-items .vote-title")).to_have_text(items)
        expect(phone.locator("#dots-left")).to_have_text("5 av 5 prikker igjen")
    expect(screen.locator(".vote-items > li")).to_have_count(6)

    for title in items[:5]:
        button = give(anne, title).locator("button.dot-toggle")
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(button).to_have_text(re.compile("Ta tilbake prikk"))
    expect(anne.locator("#dots-left")).to_have_text("0 av 5 prikker igjen")
    # The sixth dot is refused, and the phone says why, next to the button.
    sixth = give(anne, FROM_FACILITATOR)
    sixth.locator("button.dot-toggle").click()
    expect(sixth.locator(".field-error")).to_have_text(
        "Du har brukt alle dine 5 prikker. Ta en tilbake hvis du vil flytte den.")
    expect(sixth.locator("button.dot-toggle")).to_have_attribute("aria-pressed", "false")
    sixth.scroll_into_view_if_needed()  # as the person sees it: the dots left stick to the top
    screenshot(anne, "flow-4-vote-phone-anne-budget-spent", full_page=False)
    box = sixth.locator("button.dot-toggle").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    # Taking one back frees a dot.
    give(anne, CECILIE[2]).locator("button.dot-toggle").click()
    expect(give(anne, CECILIE[2]).locator("button.dot-toggle")).to_have_attribute("aria-pressed", "false")
    expect(anne.locator("#dots-left")).to_have_text("1 av 5 prikker igjen")
    for phone, titles in ((bjorn, [CONTACT, ACCESS]), (cecilie, [CONTACT, CECILIE[0]])):
        for title in titles:
            give(phone, title).locator("button.dot-toggle").click()
        expect(phone.locator("#dots-left")).to_have_text("3 av 5 prikker igjen")
    expect(screen.locator("#vote-progress")).to_have_text("8 prikker gitt av 3 personer")
    expect(facilitator.locator("#vote-summary .vote-progress")).to_have_text("8 prikker gitt av 3 personer")
    # The gentle end of the timer: a calm colour and words, everywhere.
    expect(screen.locator("#timer")).to_have_attribute("data-state", "ended")
    expect(screen.locator("#timer")).to_have_text("Tiden er ute")
    expect(anne.locator("#timer")).to_have_text("Tiden er ute")
    # Live counts on the projector only when the setting is on.
    expect(screen.locator(".screen-vote .results")).to_have_count(0)
    facilitator.locator("#set-live-counts").check()
    expect(screen.locator(".screen-vote .result .result-votes")).to_have_text(
        ["3 prikker", "2 prikker", "2 prikker", "1 prikk", "0 prikker", "0 prikker"])
    shoot(pages, "4-vote")

    # --- Results: ranks with ties, numbers and bars ----------------------------------------
    facilitator.locator("#phase-bar [data-phase=results]").click()
    phase_is(facilitator, "results")
    ranked = [CONTACT, ACCESS, CECILIE[0], CECILIE[1], CECILIE[2], FROM_FACILITATOR]
    ranks = ["1.", "2.", "2.", "4.", "5.", "5."]
    for page in (anne, bjorn, facilitator):
        results = page.locator(".results > li.result")
        expect(results.locator(".result-title")).to_have_text(ranked)
        expect(results.locator(".result-rank")).to_have_text([re.compile(rf"^{re.escape(r)}") for r in ranks])
        expect(results.nth(1).locator(".result-tied")).to_have_text("delt")
        expect(results.locator(".result-votes")).to_have_text(
            ["3 prikker", "2 prikker", "2 prikker", "1 prikk", "0 prikker", "0 prikker"])
    # The wall ranks what got dots; the items with none share one line under the ranking.
    results = screen.locator(".results > li.result")
    expect(results.locator(".result-title")).to_have_text(ranked[:4])
    expect(results.locator(".result-rank")).to_have_text([re.compile(rf"^{re.escape(r)}") for r in ranks[:4]])
    expect(results.nth(1).locator(".result-tied")).to_have_text("delt")
    expect(results.locator(".result-votes")).to_have_text(["3 prikker", "2 prikker", "2 prikker", "1 prikk"])
    expect(screen.locator("#results-none")).to_have_text(
        f"Ingen prikker (2): {CECILIE[2]} · {FROM_FACILITATOR}")
    widths = results.locator(".result-bar-fill").evaluate_all(
        "fills => fills.map(f => f.getBoundingClientRect().width / f.parentElement.getBoundingClientRect().width)")
    assert [round(w, 2) for w in widths] == [1.0, 0.67, 0.67, 0.33], widths
    # Each group's notes are listed under it.
    expect(results.nth(0).locator(".result-notes li")).to_have_text(ANNE + [BJORN[2]])
    expect(anne.locator("#results-view")).to_be_visible()
    expect(anne.locator("#vote-view")).to_be_hidden()
    shoot(pages, "5-results")
    assert browsing.dialogs == [], browsing.dialogs


def test_merge_dissolve_edit_lock_and_phone_grouping(server, browsing):
    """The other half of the controls: participants group on their phones, late notes,
    a group dragged onto a group merges, dissolve by keyboard, edit, lock, several dots."""
    links = create_workshop(server.url)
    facilitator = browsing.open(links.facilitator_url, viewport={"width": 1280, "height": 1000})
    phone = browsing.open(links.join_url, viewport={"width": 320, "height": 640},
                         is_mobile=True, has_touch=True)
    for page in (facilitator, phone):
        connected(page)
    texts = ["Åpen dør", "Kortere kø", "Felles kalender", "Færre møter"]
    for text in texts:
        post(phone, text)

    facilitator.locator("#phase-bar [data-phase=group]").click()
    open_panel(facilitator, "settings-panel")
    facilitator.locator("#set-participants-group").check()
    facilitator.locator("#set-late-notes").check()
    # On the phone: "Move to…" under each note, and the form stays open for late notes.
    expect(phone.locator("#late-hint")).to_be_visible()
    expect(phone.locator("#note-form")).to_be_visible()
    moves = phone.locator("#phone-groups select")
    expect(moves).to_have_count(4)
    phone.locator("#phone-groups li.note").filter(has_text=texts[0]).locator("select").select_option("new")
    expect(phone.locator("#phone-groups [data-group-id] li.note")).to_have_count(1)
    second = phone.locator("#phone-groups li.note").filter(has_text=texts[1]).locator("select")
    second.focus()
    second.select_option(label=UNTITLED)
    expect(phone.locator("#phone-groups [data-group-id] li.note .note-text")).to_have_text(texts[:2])
    # Focus stays on the control that was used, through the redraw.
    expect(phone.locator("#phone-groups li.note").filter(has_text=texts[1]).locator("select")).to_be_focused()
    expect(phone.locator("#announcer")).to_have_text("Lappen er flyttet.")
    phone.locator("#note-text").fill("Sen lapp")
    phone.locator("#note-form button[type=submit]").click()
    expect(phone.locator("#ungrouped .note-text").filter(has_text="Sen lapp")).to_have_count(1)
    expect(phone.locator("#note-text")).to_have_value("")
    expect(note(facilitator, "Sen lapp")).to_have_count(1)
    expect(facilitator.locator("#ungrouped li.note")).to_have_count(3)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(phone, "flow-extra-phone-320-grouping")

    # Drag a note onto a note, then that group's header onto the first group: merged.
    facilitator.evaluate("window.scrollTo(0, document.getElementById('board-notes').offsetTop - 60)")
    drag(facilitator, note(facilitator, texts[2]), note(facilitator, texts[3]))
    expect(facilitator.locator("#board-notes [data-group-id]")).to_have_count(2)
    source, target = group_with(facilitator, texts[2]), group_with(facilitator, texts[0])
    drag(facilitator, source.locator(".grip"), target, at=target.locator(".group-count"))
    expect(facilitator.locator("#board-notes [data-group-id]")).to_have_count(1)
    expect(group_with(facilitator, texts[0]).locator("li.note")).to_have_count(4)
    expect(phone.locator("#phone-groups [data-group-id] li.note")).to_have_count(4)

    # Dissolve by keyboard: the group's menu, "Dissolve group"; the focus goes to a note.
    group_with(facilitator, texts[0]).locator(".group-menu-button").focus()
    facilitator.keyboard.press("Enter")
    choose_menu_item(facilitator, "Løs opp gruppen")
    expect(facilitator.locator("#board-notes [data-group-id]")).to_have_count(0)
    expect(facilitator.locator("#ungrouped li.note")).to_have_count(5)
    assert (focused_key(facilitator) or "").startswith("note:"), focused_key(facilitator)

    # On a touch screen: a swipe scrolls and drags nothing; a long press starts a drag.
    tablet = browsing.open(links.facilitator_url, viewport={"width": 800, "height": 900},
                           has_touch=True, is_mobile=True)
    connected(tablet)
    tablet.evaluate("window.scrollTo(0, document.getElementById('board-notes').offsetTop - 60)")
    finger = Finger(tablet)
    before = tablet.evaluate("scrollY")
    finger.swipe(note(tablet, texts[3]), 200)
    expect(tablet.locator(".drag-ghost")).to_have_count(0)
    tablet.wait_for_function(f"scrollY < {before}")
    settle_scroll(tablet)  # the fling has stopped
    tablet.evaluate("window.scrollTo(0, document.getElementById('board-notes').offsetTop - 60)")
    finger.long_press_drag(note(tablet, texts[1]), note(tablet, texts[0]))
    expect(group_with(facilitator, texts[0]).locator("li.note .note-text")).to_have_text(texts[:2])

    # Edit a note from its menu; the phone shows the new text.
    note(facilitator, "Sen lapp").locator(".note-menu-button").click()
    choose_menu_item(facilitator, "Endre")
    editor = facilitator.locator("#board-notes .edit-form textarea")
    expect(editor).to_be_focused()
    editor.fill("Sen lapp, rettet")
    facilitator.keyboard.press("Tab")
    facilitator.keyboard.press("Enter")
    expect(phone.locator("#phone-groups .note-text").filter(has_text="Sen lapp, rettet")).to_have_count(1)
    expect(note(facilitator, "Sen lapp, rettet").locator(".note-menu-button")).to_be_focused()

    # Lock: the phone's form goes away with a reason, and what was typed survives.
    phone.locator("#note-text").fill("Halvskrevet tanke")
    facilitator.locator("#set-locked").check()
    expect(phone.locator("#posting-closed")).to_have_text("Fasilitatoren har låst tavla inntil videre.")
    expect(phone.locator("#note-form")).to_be_hidden()
    expect(moves).to_have_count(0)
    facilitator.locator("#set-locked").uncheck()
    # Wait until the server applied the unlock (the phone's form is back): the unlock's
    # acknowledgement clears #settings-error, so it must not arrive after the check below.
    expect(phone.locator("#note-form")).to_be_visible()
    expect(phone.locator("#note-text")).to_have_value("Halvskrevet tanke")

    # Several dots per item, budget 3: + three times, the fourth is refused, − gives one back.
    budget = facilitator.locator("#vote-budget")
    budget.fill("0")
    budget.press("Enter")
    expect(facilitator.locator("#settings-error")).to_have_text("Velg et tall mellom 1 og 50.")
    budget.fill("3")
    budget.press("Enter")
    facilitator.locator("#set-multi-dots").check()
    facilitator.locator("#phase-bar [data-phase=vote]").click()
    expect(phone.locator("#dots-left")).to_have_text("3 av 3 prikker igjen")
    first = phone.locator("#vote-items > li.vote-item").first
    for left in (2, 1, 0):
        first.locator(".dot-plus").click()
        expect(phone.locator("#dots-left")).to_have_text(f"{left} av 3 prikker igjen")
    expect(first.locator(".dot-count")).to_have_text("3 prikker")
    first.locator(".dot-plus").click()
    expect(first.locator(".field-error")).to_contain_text("Du har brukt alle dine 3 prikker")
    first.locator(".dot-minus").click()
    expect(phone.locator("#dots-left")).to_have_text("1 av 3 prikker igjen")
    expect(first.locator(".field-error")).to_be_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(phone, "flow-extra-phone-320-multi-dots")
    assert browsing.dialogs == [], browsing.dialogs
