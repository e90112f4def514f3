"""Helpers for the workshop-flow browser tests: posting, dragging, keyboard, screens."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .browser import screenshot

SELECTED = re.compile(r"\bselected\b")
DROP_TARGET = re.compile(r"\bdrop-target\b")


def post(phone, text: str) -> None:
    """Post a note from a phone and wait until it is listed as the person's own."""
    phone.locator("#note-text").fill(text)
    phone.locator("#note-form button[type=submit]").click()
    expect(phone.locator("#my-notes .note-text").filter(has_text=text)).to_have_count(1)
    expect(phone.locator("#note-text")).to_have_value("")


def note(page, text: str):
    """The facilitator's note card (li.note[data-id]) holding exactly this text."""
    return page.locator("#board-notes li.note[data-id]").filter(
        has=page.locator(".note-text", has_text=re.compile(f"^{re.escape(text)}$")))


def group_with(page, text: str):
    """The facilitator's group column that holds the note with this text."""
    return page.locator("#board-notes [data-group-id]").filter(has=page.locator(
        "li.note .note-text", has_text=re.compile(f"^{re.escape(text)}$")))


def center(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box, f"not on screen: {locator}"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drag(page, source, target, *, at=None) -> None:
    """Press on `source`, move in steps over `target` (or the point `at` inside it),
    check that `target` is highlighted as the drop target, release."""
    x, y = center(source)
    tx, ty = center(at if at is not None else target)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 12, y + 8, steps=3)
    page.mouse.move(tx, ty, steps=10)
    expect(target).to_have_class(DROP_TARGET)
    expect(page.locator(".drag-ghost")).to_have_count(1)
    page.mouse.up()
    expect(page.locator(".drag-ghost")).to_have_count(0)
    expect(page.locator(".drop-target")).to_have_count(0)


def focused_key(page) -> str | None:
    """The data-key of the focused element (stable across redraws: note:12, group-title:3...)."""
    return page.evaluate("document.activeElement && document.activeElement.dataset.key || null")


def press_until_focused(page, key: str, predicate, limit: int = 40) -> None:
    """Press `key` until the focused element satisfies `predicate(data_key)`."""
    for _ in range(limit):
        if predicate(focused_key(page)):
            return
        page.keyboard.press(key)
    raise AssertionError(f"pressing {key} never reached the wanted element; at {focused_key(page)}")


def choose_menu_item(page, label) -> None:
    """In the open popup menu, arrow down to the item and press Enter."""
    menu = page.locator(".menu[role=menu]")
    expect(menu).to_be_visible()
    items = menu.locator("[role=menuitem]")
    pattern = label if isinstance(label, re.Pattern) else re.compile(re.escape(label))
    target = items.filter(has_text=pattern).first
    expect(target).to_be_visible()
    for _ in range(items.count() + 1):
        if target.evaluate("n => n === document.activeElement"):
            page.keyboard.press("Enter")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"menu item {label!r} never got the focus")


def shoot(pages: dict, phase: str) -> list:
    """A screenshot of every screen for one phase: test-artifacts/screenshots/flow-<phase>-<screen>.png."""
    shots = []
    for name, page in pages.items():
        page.evaluate("window.scrollTo(0, 0)")  # sticky bars sit where they belong
        shots.append(screenshot(page, f"flow-{phase}-{name}", full_page=name != "projector"))
    return shots


def settle_scroll(page) -> None:
    """Wait until the page has stopped scrolling (after a fling)."""
    page.wait_for_function("""() => new Promise((done) => {
        let last = scrollY;
        const check = () => { if (scrollY === last) done(true); else { last = scrollY; setTimeout(check, 120); } };
        setTimeout(check, 120);
    })""")


class Finger:
    """One finger on a touch screen, through the DevTools protocol (real touch events)."""

    def __init__(self, page) -> None:
        self.page = page
        self.cdp = page.context.new_cdp_session(page)

    def _send(self, kind: str, x: float = 0, y: float = 0) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
        self.cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    def swipe(self, locator, dy: float) -> None:
        """A quick vertical swipe starting on `locator` (a scroll, not a drag)."""
        x, y = center(locator)
        self._send("touchStart", x, y)
        for i in range(1, 11):
            self._send("touchMove", x, y + dy * i / 10)
        self._send("touchEnd")

    def long_press_drag(self, source, target, hold_ms: int = 450) -> None:
        """Hold still on `source` (long press), then move onto `target` and lift."""
        x, y = center(source)
        tx, ty = center(target)
        self._send("touchStart", x, y)
        self.page.wait_for_timeout(hold_ms)
        expect(self.page.locator(".drag-ghost")).to_have_count(1)
        for i in range(1, 11):
            self._send("touchMove", x + (tx - x) * i / 10, y + (ty - y) * i / 10)
        expect(target).to_have_class(DROP_TARGET)
        self._send("touchEnd")
        expect(self.page.locator(".drag-ghost")).to_have_count(0)


def open_panel(page, panel_id: str) -> None:
    """Open one of the facilitator page's closed panels (<details id=...>) by its summary."""
    panel = page.locator(f"details#{panel_id}")
    if panel.get_attribute("open") is None:
        panel.locator("> summary").click()
    expect(panel).to_have_attribute("open", "")
