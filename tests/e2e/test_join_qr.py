"""The QR code on the projector, as the camera of a phone would see it, opens the join URL."""
from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.support.browser import SCREENSHOTS, connected
from tests.support.workshops import create_workshop


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080)])
def test_projector_qr_code_decodes_to_the_join_url(server, browsing, width, height):
    links = create_workshop(server.url)
    screen = browsing.open(links.projector_url, viewport={"width": width, "height": height})
    connected(screen)
    qr = screen.locator("img#join-qr")
    expect(qr).to_be_visible()
    # The SVG has loaded (an img that failed to load has no natural size).
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    box = qr.bounding_box()
    assert box["width"] >= 150 and abs(box["width"] - box["height"]) < 2, box
    assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, box

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{browsing.name(f'qr-projector-{width}x{height}')}.png"
    qr.screenshot(path=str(path))
    with Image.open(path) as image:
        found = zxingcpp.read_barcodes(image)
    assert [r.format for r in found] == [zxingcpp.BarcodeFormat.QRCode], found

    join_url = screen.locator("#join-url").inner_text().strip()
    assert found[0].text == join_url == links.join_url
