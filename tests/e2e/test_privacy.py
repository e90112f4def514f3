"""No page makes a request to any other origin, and the CSP is never violated."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import connected
from tests.support.workshops import create_workshop


def test_no_page_requests_anything_from_another_origin(server, browsing):
    links = create_workshop(server.url)
    requests: list[str] = []
    violations: list[str] = []
    pages = {
        "start": (browsing.desktop, f"{server.url}/"),
        "privacy": (browsing.desktop, f"{server.url}/personvern"),
        "accessibility": (browsing.desktop, f"{server.url}/tilgjengelighet"),
        "facilitator": (browsing.desktop, links.facilitator_url),
        "projector": (browsing.projector, links.projector_url),
        "phone": (browsing.phone, links.join_url),
    }
    for name, (opener, url) in pages.items():
        page = opener()
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"], name
        if name in ("facilitator", "projector", "phone"):
            connected(page)
        expect(page.locator("main")).to_be_visible()
        page.wait_for_load_state("networkidle")
    assert requests, "nothing was recorded"
    foreign = [url for url in requests
               if not url.startswith(server.url) and not url.startswith(("data:", "blob:"))]
    assert foreign == []
    assert violations == []
    assert any("/socket.io/" in url for url in requests)
