"""QR codes for the join link: SVG for the projector, text for the terminal."""
from __future__ import annotations

import io

import qrcode
import qrcode.image.svg


def _code(url: str) -> qrcode.QRCode:
    # Medium error correction survives a glare spot on a projector screen.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(url)
    code.make(fit=True)
    return code


def svg(url: str) -> bytes:
    """A scalable SVG QR code for ``url`` (one path, black on white)."""
    image = _code(url).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def matrix(url: str) -> list[list[bool]]:
    """The module matrix (True = dark), border included."""
    return _code(url).get_matrix()


def terminal(url: str) -> str:
    """The QR code drawn with half-block characters, two rows per line."""
    rows = matrix(url)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    chars = {(False, False): "█", (True, False): "▄", (False, True): "▀", (True, True): " "}
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2]):
        lines.append("".join(chars[(t, b)] for t, b in zip(top, bottom)))
    return "\n".join(lines)
