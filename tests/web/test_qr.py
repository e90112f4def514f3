"""QR codes for the join link, without a browser: the module matrix, the SVG and the route."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from PIL import Image

from app import qr
from app.domain.secrets import JOIN_ALPHABET, JOIN_CODE_LENGTH

URL = "http://192.168.1.20:5000/j/K7MR4X"
SVG_NS = "{http://www.w3.org/2000/svg}"


def render(matrix: list[list[bool]], scale: int = 8) -> Image.Image:
    """Draw the module matrix black on white, ``scale`` pixels per module."""
    size = len(matrix)
    image = Image.new("L", (size, size), 255)
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    return image.resize((size * scale, size * scale), Image.NEAREST)


def decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image)
            if r.format == zxingcpp.BarcodeFormat.QRCode]


def test_matrix_decodes_to_the_url():
    matrix = qr.matrix(URL)
    assert len(matrix) == len(matrix[0]) >= 21
    assert decode(render(matrix)) == [URL]


@pytest.mark.parametrize("url", ["http://127.0.0.1:5000/j/ACDEFG",
                                 "https://verksted.example.kommune.no/j/YX9764"])
def test_matrix_decodes_for_other_urls(url):
    assert decode(render(qr.matrix(url))) == [url]


def test_matrix_keeps_a_quiet_zone():
    matrix = qr.matrix(URL)
    border = [matrix[0], matrix[1], matrix[-1], matrix[-2],
              [row[0] for row in matrix], [row[1] for row in matrix],
              [row[-1] for row in matrix], [row[-2] for row in matrix]]
    assert not any(any(line) for line in border)


def test_svg_is_an_svg_with_a_path():
    data = qr.svg(URL)
    root = ET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    paths = root.findall(f".//{SVG_NS}path")
    assert paths and paths[0].get("d")
    assert b"<script" not in data.lower()


def test_terminal_rendering_has_half_as_many_lines_as_modules():
    rows = qr.matrix(URL)
    assert len(qr.terminal(URL).splitlines()) == (len(rows) + 1) // 2


def code(n: int = 0) -> str:
    return "".join(JOIN_ALPHABET[(n + i) % len(JOIN_ALPHABET)] for i in range(JOIN_CODE_LENGTH))


def test_route_serves_svg_for_a_well_formed_code(client):
    response = client.get(f"/qr/{code()}.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{SVG_NS}svg" and root.find(f".//{SVG_NS}path") is not None


def test_route_serves_any_well_formed_code_without_revealing_which_exist(client):
    # No workshop exists in this fresh database; the code is still drawn.
    assert client.get(f"/qr/{code(7)}.svg").status_code == 200


@pytest.mark.parametrize("bad", [
    "ABC",                    # too short
    "ACDEFGH",                # too long
    "ACDEF0",                 # 0 is never issued
    "ACDEFO",                 # nor O
    "ACDEF1",                 # nor 1
    "ACDEFS",                 # nor S
    "ACDEF%3C",               # markup
])
def test_route_404s_for_a_malformed_code(client, bad):
    assert client.get(f"/qr/{bad}.svg").status_code == 404
