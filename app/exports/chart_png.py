"""Bar charts as PNG images for the DOCX reports, drawn with Pillow (no network): DejaVu
Sans from the system, or the Latin copy shipped in ``fonts/`` (Pillow's own font has no æøå).
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Callable

from PIL import Image, ImageDraw, ImageFont

WIDTH = 1600
LABEL_WIDTH = 560
PAD = 24
ACCENT = "#1e5aa8"
INK = "#1b1f24"
SOFT = "#47505c"
TRACK = "#e6e9ee"
# Okabe–Ito: told apart by people with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")
OWN_FONTS = Path(__file__).resolve().parent / "fonts"  # Latin subset, see fonts/README.md


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at ``size`` pixels: the system's (every script it has) or our Latin copy."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    system = SYSTEM_FONTS / name
    return ImageFont.truetype(str(system if system.exists() else OWN_FONTS / name), size)


def fit(text: str, face, width: int, lines: int = 2) -> list[str]:
    """Break ``text`` into at most ``lines`` lines of ``width`` pixels, ending in … if cut."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and face.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words or (out and face.getlength(out[-1]) > width):
        last = out[-1] if out else ""
        while last and face.getlength(last + "…") > width:
            last = last[:-1]
        out[-1:] = [last.rstrip() + "…"]
    return out or [""]


def _png(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def value_edge(face, shown: list[str]) -> int:
    """Where the bars end: room for the widest value text right of them, never clipped."""
    widest = max((face.getlength(text) for text in shown), default=0)
    return WIDTH - PAD - max(128, int(widest) + 1) - 12


def bar_chart(rows: list[tuple[str, float, str]]) -> bytes:
    """Horizontal bars, one per row ``(label, value, value text)``, longest = full width."""
    text, small = font(26), font(22)
    row_height = 72
    height = PAD * 2 + row_height * max(len(rows), 1)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    top_value = max((v for _l, v, _t in rows), default=0) or 1
    bar_left, bar_right = PAD + LABEL_WIDTH, value_edge(text, [t for _l, _v, t in rows])
    for index, (label, value, shown) in enumerate(rows):
        y = PAD + index * row_height
        lines = fit(label, small, LABEL_WIDTH - 16)
        for n, line in enumerate(lines):
            offset = (row_height - 26 * len(lines)) // 2 + n * 26
            draw.text((PAD, y + offset), line, fill=INK, font=small)
        draw.rectangle((bar_left, y + 16, bar_right, y + row_height - 16), fill=TRACK)
        length = round((bar_right - bar_left) * value / top_value)
        if length:
            draw.rectangle((bar_left, y + 16, bar_left + length, y + row_height - 16),
                           fill=ACCENT)
        draw.text((bar_right + 12, y + row_height // 2), shown, fill=INK, font=text,
                  anchor="lm")
    return _png(image)


def _legend(series: list[str], face) -> list[list[tuple[int, int, str]]]:
    """Legend entries ``(x, series index, label)`` in lines that fit the width."""
    lines: list[list[tuple[int, int, str]]] = [[]]
    x = PAD
    for index, name in enumerate(series):
        label = fit(name, face, 300, lines=1)[0]
        width = 32 + int(face.getlength(label))
        if lines[-1] and x + width > WIDTH - PAD:
            lines.append([])
            x = PAD
        lines[-1].append((x, index, label))
        x += width + 32
    return lines


def grouped_bar_chart(categories: list[str], series: list[str],
                      values: list[list[float | None]],
                      shown: Callable[[float | None], str]) -> bytes:
    """For each category (a theme) one bar per series (a stakeholder group), with a legend.

    ``values[c][s]`` is the value of series ``s`` in category ``c`` (``None``: not
    raised, drawn as no bar); every bar is on the same 0..max scale.
    """
    text, small = font(24, bold=True), font(22)
    bar, gap = 30, 8
    legend = _legend(series, small)
    legend_height = 48 * len(legend)
    block = 40 + len(series) * (bar + gap) + 16
    height = PAD * 2 + legend_height + block * max(len(categories), 1)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    for line, entries in enumerate(legend):
        for x, index, label in entries:
            y = PAD + 48 * line
            draw.rectangle((x, y + 8, x + 24, y + 32), fill=PALETTE[index % len(PALETTE)])
            draw.text((x + 32, y + 20), label, fill=INK, font=small, anchor="lm")
    top_value = max((v for row in values for v in row if v), default=0) or 1
    bar_left = PAD + 260
    bar_right = value_edge(small, [shown(v) for row in values for v in row])
    y = PAD + legend_height
    for category, row in zip(categories, values):
        draw.text((PAD, y + 4), fit(category, text, WIDTH - 2 * PAD, lines=1)[0],
                  fill=INK, font=text)
        by = y + 40
        for index, (name, value) in enumerate(zip(series, row)):
            colour = PALETTE[index % len(PALETTE)]
            draw.text((PAD + 16, by + bar // 2), fit(name, small, 230, lines=1)[0],
                      fill=SOFT, font=small, anchor="lm")
            draw.rectangle((bar_left, by, bar_right, by + bar), fill=TRACK)
            if value:
                length = round((bar_right - bar_left) * value / top_value)
                draw.rectangle((bar_left, by, bar_left + length, by + bar), fill=colour)
            draw.text((bar_right + 12, by + bar // 2), shown(value), fill=INK, font=small,
                      anchor="lm")
            by += bar + gap
        y += block
    return _png(image)
