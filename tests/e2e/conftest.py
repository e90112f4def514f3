"""Real Chromium (Debian's, never a downloaded one) driving real server processes.

One browser per session; every test gets fresh contexts, so each context is a
separate person with its own cookies and localStorage. Every page is watched:
JavaScript dialogs are recorded (and dismissed unless a test accepts confirms)
and an uncaught script error fails the test.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import missing
from tests.support.browser import CHROMIUM, DESKTOP, LAUNCH_ARGS, PHONE, PROJECTOR, screenshot

TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium, shared by the whole session."""
    if not CHROMIUM.exists():
        missing("Debian chromium at /usr/bin/chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Dialog:
    page: str
    type: str
    message: str


@dataclass
class Browsing:
    """Open pages as separate people; records dialogs and script errors on every page."""

    browser: object
    contexts: list = field(default_factory=list)
    dialogs: list[Dialog] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    accept_confirms: bool = False
    variant: str = ""  # e.g. the database a parametrized test runs on

    def screenshot(self, page, name: str, **options):
        """Save a screenshot named for what it shows (and the test's variant)."""
        return screenshot(page, self.name(name), **options)

    def name(self, name: str) -> str:
        return f"{name}-{self.variant}" if self.variant else name

    def context(self, **options):
        """A fresh browser context (a separate person); popups are watched too."""
        context = self.browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo",
                                           **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", self._watch)
        self.contexts.append(context)
        return context

    def _watch(self, page) -> None:
        def on_dialog(dialog):
            self.dialogs.append(Dialog(page.url, dialog.type, dialog.message))
            if dialog.type == "confirm" and self.accept_confirms:
                dialog.accept()
            else:
                dialog.dismiss()
        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def open(self, url: str | None = None, **options):
        """A new page in a new context; navigates to ``url`` if given."""
        page = self.context(**options).new_page()
        if url:
            page.goto(url)
        return page

    def desktop(self, url: str | None = None):
        return self.open(url, **DESKTOP)

    def projector(self, url: str | None = None):
        return self.open(url, **PROJECTOR)

    def phone(self, url: str | None = None):
        return self.open(url, **PHONE)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, request):
    """Fresh contexts for one test; fails the test on an uncaught script error."""
    callspec = getattr(request.node, "callspec", None)
    session = Browsing(browser, variant=str(callspec.params.get("database_url", ""))
                       if callspec else "")
    yield session
    session.close()
    assert not session.page_errors, "uncaught JavaScript errors:\n" + "\n".join(session.page_errors)


@pytest.fixture
def database_url(tmp_path):
    """Browser tests are about what people see: they run on the embedded SQLite only
    (every storage rule runs on both databases in tests/realtime and tests/web)."""
    return f"sqlite:///{tmp_path / 'test.db'}"
