"""A person edits and deletes their own note on the phone; the screen follows."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import connected
from tests.support.workshops import create_workshop


def test_edit_and_delete_own_note(server, browsing):
    links = create_workshop(server.url)
    screen = browsing.desktop(links.projector_url)
    phone = browsing.phone(links.join_url)
    other = browsing.phone(links.join_url)
    for page in (screen, phone, other):
        connected(page)
    on_screen = screen.locator("#board-notes > li.note .note-text")

    phone.locator("#note-text").fill("Førstte utkast")
    phone.locator("#note-form button[type=submit]").click()
    expect(on_screen).to_have_text(["Førstte utkast"])
    expect(other.locator("#all-notes .note-text")).to_have_text(["Førstte utkast"])
    # Someone else's note has no edit or delete buttons.
    expect(other.locator("#all-notes .note button")).to_have_count(0)

    mine = phone.locator("#my-notes > li.note")
    expect(mine).to_have_count(1)
    mine.locator(".note-actions button.secondary").click()  # edit
    editor = mine.locator("form.edit-form textarea")
    expect(editor).to_be_focused()
    expect(editor).to_have_value("Førstte utkast")
    editor.fill("Første utkast, rettet")
    browsing.screenshot(phone, "edit-phone-editing-390")
    mine.locator("form.edit-form button[type=submit]").click()

    expect(phone.locator("#my-notes .note-text")).to_have_text(["Første utkast, rettet"])
    expect(on_screen).to_have_text(["Første utkast, rettet"])
    expect(other.locator("#all-notes .note-text")).to_have_text(["Første utkast, rettet"])
    browsing.screenshot(screen, "edit-projector-after-edit-1280x720", full_page=False)

    # Delete asks for confirmation first (window.confirm), which the person accepts.
    browsing.accept_confirms = True
    mine.locator(".note-actions button.danger").click()
    expect(on_screen).to_have_count(0)
    expect(other.locator("#all-notes .note")).to_have_count(0)
    expect(phone.locator("#my-notes .note")).to_have_count(0)
    expect(phone.locator("#my-notes > li.empty")).to_have_count(1)
    assert [d.type for d in browsing.dialogs] == ["confirm"], browsing.dialogs
    browsing.screenshot(phone, "edit-phone-after-delete-390")


def test_dismissing_the_delete_confirmation_keeps_the_note(server, browsing):
    links = create_workshop(server.url)
    screen = browsing.desktop(links.projector_url)
    phone = browsing.phone(links.join_url)
    connected(screen)
    connected(phone)
    phone.locator("#note-text").fill("Blir stående")
    phone.locator("#note-form button[type=submit]").click()
    expect(screen.locator("#board-notes > li.note .note-text")).to_have_text(["Blir stående"])

    browsing.accept_confirms = False
    phone.locator("#my-notes > li.note .note-actions button.danger").click()
    expect(phone.locator("#my-notes .note-text")).to_have_text(["Blir stående"])
    # A note posted after the dismissed delete lands after it; the first is still there.
    phone.locator("#note-text").fill("Neste lapp")
    phone.locator("#note-form button[type=submit]").click()
    expect(screen.locator("#board-notes > li.note .note-text")).to_have_text(
        ["Blir stående", "Neste lapp"])
    assert [d.type for d in browsing.dialogs] == ["confirm"], browsing.dialogs
