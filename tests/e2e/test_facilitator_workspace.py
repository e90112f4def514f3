"""The facilitator page as a workspace (issue 13), in real Chromium against a real server.

At 1366×768 and 1440×900 the board is on the first screen and uses the width; the bar
with phase and timer stays in view; a note dragged to a group far below the view gets
there by resting at the window's edge (auto-scroll). Paper notes are added many at once
after a preview. Moving to voting with many notes outside any group asks first, in a
dialog. On a phone (390×844, 320×568) the page is a remote: question, phase, timer,
reveal, lock. And the first letters typed into a new group's name are no longer lost.
"""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.support.a11y import assert_no_axe_violations
from tests.support.browser import connected
from tests.support.flow_ui import DROP_TARGET, center, group_with, note, open_panel, settle_scroll
from tests.support.workshops import create_workshop, facilitator as lead_client

WIDE = [(1366, 768), (1440, 900)]


def ok(ack: dict) -> dict:
    assert ack["ok"], ack
    return ack


def board_with(leads, links, n_notes: int, groups: int = 0, phase: str = "group"):
    """A board with `n_notes` notes posted by the facilitator; the first `groups` * 2 are
    put in groups of two. Returns (lead client, board id, note ids)."""
    lead = lead_client(links)
    leads.append(lead)
    board = lead.wait_for("snapshot")["boards"][0]["id"]
    notes = [{"text": f"Lapp nummer {i + 1} om samarbeid", "cid": uuid.uuid4().hex}
             for i in range(n_notes)]
    ids = [n["id"] for n in ok(lead.call("note:create_many", {"board_id": board, "notes": notes}))["notes"]]
    ok(lead.call("board:phase", {"board_id": board, "phase": phase}))
    for g in range(groups):
        ok(lead.call("group:create", {"note_ids": ids[2 * g: 2 * g + 2], "title": f"Tema {g + 1}"}))
    return lead, board, ids


@pytest.fixture
def leads():
    """Facilitator Socket.IO clients made by a test, closed at its end."""
    made = []
    yield made
    for client in made:
        client.close()


def console(browsing, links, groups: int, size=(1366, 768)):
    """The facilitator page at `size`, connected, with its `groups` groups drawn."""
    page = browsing.open(links.facilitator_url, viewport={"width": size[0], "height": size[1]})
    connected(page)
    expect(page.locator("#board-notes [data-group-id]")).to_have_count(groups)
    # These tests measure the layout and drag: the grouping help's pushes (they keep coming
    # while the model embeds the notes) redraw the board, so it is switched off, as a
    # facilitator can (tests/e2e/test_suggestions_*.py test it).
    toggle = page.locator("#show-suggestions")
    if toggle.is_visible():
        toggle.uncheck()
    return page


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return bool(box) and box["y"] >= 0 and box["y"] + min(box["height"], 60) <= height


@pytest.mark.parametrize("size", WIDE, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_board_is_the_first_screen_and_uses_the_width(server, browsing, leads, size):
    links = create_workshop(server.url)
    lead, _board, _ids = board_with(leads, links, 30, groups=3)
    width, height = size
    page = console(browsing, links, 3, size)
    # The first note is on the first screen (at least its first lines), once the page is drawn.
    expect(page.locator("#ungrouped li.note").first).to_be_in_viewport(ratio=0.25)
    # The notes still to sort are a wide area in several columns, beside the groups.
    board = page.locator("#board-notes").bounding_box()
    area = page.locator("#ungrouped").bounding_box()
    assert area["width"] >= 0.35 * board["width"], (area, board)
    xs = {round(b["x"]) for b in page.locator("#ungrouped li.note").evaluate_all(
        "ns => ns.slice(0, 6).map(n => n.getBoundingClientRect().toJSON())")}
    assert len(xs) >= 2, xs
    groups_x = page.locator("#board-notes [data-group-id]").first.bounding_box()["x"]
    assert groups_x > area["x"] + area["width"] - 1  # side by side, not below
    # Settings, links and admin are closed panels; the bar sticks to the top.
    for panel in ("settings-panel", "questions-panel", "share-panel", "exports-panel",
                  "facilitator-link-panel", "cofacilitator", "delete-workshop"):
        expect(page.locator(f"details#{panel}")).not_to_have_attribute("open", "")
    page.mouse.wheel(0, 2000)
    page.wait_for_function("() => scrollY > 100")
    bar = page.locator("#control-bar").bounding_box()
    assert abs(bar["y"]) < 2, bar
    expect(page.locator("#phase-next")).to_be_in_viewport()
    expect(page.locator("#timer-start")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.evaluate("window.scrollTo(0, 0)")
    browsing.screenshot(page, f"facilitator-workspace-{width}x{height}", full_page=False)


def test_a_drag_reaches_a_group_below_the_view_by_edge_scrolling(server, browsing, leads):
    links = create_workshop(server.url)
    lead, _board, _ids = board_with(leads, links, 60, groups=18)
    page = console(browsing, links, 18)
    target = page.locator("#board-notes [data-group-id]").last
    assert not in_view(page, target), target.bounding_box()
    source = note(page, "Lapp nummer 37 om samarbeid")
    x, y = center(source.locator(".note-text"))
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 15, y + 10, steps=3)
    expect(page.locator(".drag-ghost")).to_have_count(1)
    # Rest near the bottom edge of the window: the page scrolls by itself.
    tx = center(target)[0]
    page.mouse.move(tx, 760, steps=8)
    page.wait_for_function(
        """() => { const g = [...document.querySelectorAll('#board-notes [data-group-id]')].at(-1);
                   const b = g.getBoundingClientRect(); return b.bottom < innerHeight - 70 && b.top > 0; }""",
        timeout=15_000)
    page.mouse.move(tx, 400, steps=2)  # out of the edge: the scrolling stops
    settle_scroll(page)
    page.mouse.move(*center(target.locator(".group-count")), steps=5)
    expect(target).to_have_class(DROP_TARGET)
    page.mouse.up()
    expect(page.locator(".drag-ghost")).to_have_count(0)
    expect(group_with(page, "Lapp nummer 37 om samarbeid")).to_have_count(1)
    expect(target.locator("li.note .note-text")).to_contain_text(["Lapp nummer 37 om samarbeid"])
    assert page.evaluate("scrollY") > 200


def test_paste_many_notes_with_a_preview(server, browsing, leads):
    links = create_workshop(server.url)
    lead = lead_client(links)
    leads.append(lead)
    page = browsing.open(links.facilitator_url, viewport={"width": 1366, "height": 768})
    connected(page)
    open_panel(page, "paste-panel")
    text = page.locator("#paste-text")
    button = page.locator("#paste-add")
    expect(button).to_be_disabled()
    text.fill("Kortere kø\n\n  Åpent på lørdager  \n" + "x" * 290 + "\nBedre skilting\n")
    expect(page.locator("#paste-preview li")).to_have_count(4)
    expect(page.locator("#paste-preview li.too-long")).to_have_count(1)
    expect(page.locator("#paste-preview li.too-long .paste-flag")).to_have_text("10 tegn for mye")
    expect(page.locator("#paste-summary")).to_have_text("1 linje er for lang. Gjør den kortere for å legge til lappene.")
    expect(button).to_be_disabled()
    text.fill("Kortere kø\n\n  Åpent på lørdager  \nBedre skilting\n")
    expect(page.locator("#paste-summary")).to_have_text("3 lapper blir lagt til.")
    expect(button).to_have_text("Legg til 3 lapper")
    button.click()
    expect(page.locator("#board-notes li.note .note-text")).to_have_text(
        ["Kortere kø", "Åpent på lørdager", "Bedre skilting"])
    expect(page.locator("#paste-summary")).to_have_text("3 lapper ble lagt til.")
    expect(text).to_have_value("")
    expect(text).to_be_focused()
    board = ok(lead.call("snapshot:get", {}))["snapshot"]["boards"][0]
    assert [n["text"] for n in board["notes"]] == ["Kortere kø", "Åpent på lørdager", "Bedre skilting"]
    assert_no_axe_violations(page, "facilitator with the paste panel open")


def test_moving_to_voting_with_many_ungrouped_notes_asks_first(server, browsing, leads):
    links = create_workshop(server.url)
    lead, _board, _ids = board_with(leads, links, 14, groups=1)
    page = console(browsing, links, 1)
    dialog = page.locator("#vote-warning")
    page.locator("#phase-next").click()
    expect(dialog).to_be_visible()
    expect(dialog.locator("#vote-warning-text")).to_have_text(
        "12 lapper er ikke i noen gruppe – de blir stemt over én og én.")
    expect(page.locator("#vote-warning-group")).to_be_focused()
    assert_no_axe_violations(page, "facilitator with the vote warning open")
    page.keyboard.press("Escape")  # cancel: still grouping, the focus back on Next
    expect(dialog).to_be_hidden()
    expect(page.locator("#phase-bar [data-phase=group]")).to_have_attribute("aria-current", "step")
    expect(page.locator("#phase-next")).to_be_focused()
    page.locator("#phase-next").click()
    page.locator("#vote-warning-group").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#phase-bar [data-phase=group]")).to_have_attribute("aria-current", "step")
    # The step button asks too; "vote on them one by one" goes on.
    page.locator("#phase-bar [data-phase=vote]").click()
    page.locator("#vote-warning-go").click()
    expect(page.locator("#phase-bar [data-phase=vote]")).to_have_attribute("aria-current", "step")
    assert ok(lead.call("snapshot:get", {}))["snapshot"]["boards"][0]["phase"] == "vote"


@pytest.mark.parametrize("size", [(390, 844), (320, 568)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_facilitator_link_is_a_remote_on_a_phone(server, browsing, leads, size):
    links = create_workshop(server.url)
    lead = lead_client(links)
    leads.append(lead)
    board = lead.wait_for("snapshot")["boards"][0]["id"]
    width, height = size
    page = browsing.open(links.facilitator_url, viewport={"width": width, "height": height},
                         device_scale_factor=2, is_mobile=True, has_touch=True)
    connected(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The first screen holds the question and the phase controls (on the smallest
    # phone, the question and lock; the rest follows right below).
    first_screen = ("#board-next", "#quick-lock", "#phase-next") if height > 600 else (
        "#board-next", "#quick-lock")
    for control in first_screen:
        box = page.locator(control).bounding_box()
        assert box["y"] + box["height"] <= height, (control, box)
        assert box["height"] >= 44 and box["width"] >= 44, (control, box)
    browsing.screenshot(page, f"facilitator-remote-{width}x{height}", full_page=False)

    # Hidden writing: reveal from the remote.
    ok(lead.call("board:settings", {"board_id": board, "settings": {"notes_hidden": True}}))
    page.locator("#reveal-notes").tap()
    expect(page.locator("#reveal-box")).to_be_hidden()
    # Phase, timer and lock, all by tapping.
    page.locator("#phase-next").tap()
    expect(page.locator("#phase-bar [data-phase=group]")).to_have_attribute("aria-current", "step")
    page.locator("#timer-minutes").fill("3")
    page.locator("#timer-start").tap()
    expect(page.locator("#timer-display")).to_have_attribute("data-state", "running")
    page.locator("#timer-pause").tap()
    expect(page.locator("#timer-display")).to_have_attribute("data-state", "paused")
    page.locator("#quick-lock").tap()
    expect(page.locator("#quick-lock")).to_have_attribute("aria-pressed", "true")
    # Next question: the room moves on.
    page.locator("#board-next").tap()
    expect(page.locator("#board-position")).to_have_text("Spørsmål 2 av 2")
    expect(page.locator("#board-prev")).to_be_enabled()
    snapshot = ok(lead.call("snapshot:get", {}))["snapshot"]
    first, second = snapshot["boards"][0], snapshot["boards"][1]
    assert snapshot["workshop"]["current_board_id"] == second["id"]
    assert first["phase"] == "group" and first["settings"]["locked"] is True
    assert first["settings"]["revealed"] is True and first["timer"]["state"] == "paused"
    page.locator("#board-prev").tap()
    expect(page.locator("#board-position")).to_have_text("Spørsmål 1 av 2")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_axe_violations(page, f"facilitator remote at {width}x{height}")


def test_the_first_letters_of_a_new_group_name_are_kept(server, browsing, leads):
    """Typing starts the moment "New group" is pressed, before the server has answered."""
    links = create_workshop(server.url)
    lead, _board, _ids = board_with(leads, links, 4)
    page = console(browsing, links, 0)
    page.locator("#ungrouped .note-pick").nth(0).click()
    page.locator("#ungrouped .note-pick").nth(1).click()
    page.locator("#selection-new-group").click()
    page.keyboard.type("Kontakt")  # no waiting for the field
    page.keyboard.press("Enter")
    group = page.locator("#board-notes [data-group-id]")
    expect(group).to_have_count(1)
    expect(group.locator("textarea.group-title")).to_have_value("Kontakt")
    expect(group.locator("textarea.group-title")).to_be_focused()
    lead.wait_for("board:grouped", lambda p: [g["title"] for g in p["groups"]] == ["Kontakt"])

    # The same from the keyboard: a note's menu, "New group with this note", type at once.
    page.locator("#ungrouped .note-pick").first.focus()
    page.keyboard.press("Shift+F10")
    items = page.locator(".menu [role=menuitem]")
    expect(items.filter(has_text="Ny gruppe med denne lappen")).to_have_count(1)
    items.filter(has_text="Ny gruppe med denne lappen").click()
    page.keyboard.type("Tillit")
    titles = page.locator("#board-notes [data-group-id] textarea.group-title")
    expect(titles).to_have_count(2)
    expect(titles.nth(1)).to_have_value("Tillit")
    expect(titles.nth(0)).to_have_value("Kontakt")


def test_a_drag_scrolls_the_column_of_notes_outside_any_group(server, browsing, leads):
    """The notes still to sort scroll in their own column beside the groups: resting at its
    bottom edge scrolls that column, so a note deep in it can be dropped on."""
    links = create_workshop(server.url)
    board_with(leads, links, 44, groups=2)
    page = console(browsing, links, 2)
    column = page.locator("#ungrouped")
    target = note(page, "Lapp nummer 44 om samarbeid")
    source = note(page, "Lapp nummer 1 om samarbeid")
    assert column.evaluate("n => n.scrollHeight > n.clientHeight + 100")
    x, y = center(source.locator(".note-text"))
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 15, y + 10, steps=3)
    expect(page.locator(".drag-ghost")).to_have_count(1)
    cx = center(column)[0]
    page.mouse.move(cx, page.viewport_size["height"] - 6, steps=8)
    page.wait_for_function(
        """() => { const c = document.getElementById('ungrouped');
                   return c.scrollTop > 0 && c.scrollTop + c.clientHeight >= c.scrollHeight - 2; }""",
        timeout=20_000)
    page.mouse.move(cx, 450, steps=2)  # out of the edge
    settle_scroll(page)
    page.mouse.move(*center(target.locator(".note-text")), steps=4)
    expect(target).to_have_class(DROP_TARGET)
    page.mouse.up()
    expect(group_with(page, "Lapp nummer 44 om samarbeid").locator("li.note .note-text")).to_have_text(
        ["Lapp nummer 1 om samarbeid", "Lapp nummer 44 om samarbeid"])
