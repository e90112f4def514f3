"""The pieces of the export files that need no database: charts, escaping, sheet names."""
from __future__ import annotations

import io

from PIL import Image, ImageFont

from app.exports import chart_png
from app.exports.csv_file import cell
from app.exports.markdown_file import escape
from app.exports.xlsx_file import sheet_name


def test_the_shipped_font_draws_norwegian_letters():
    face = ImageFont.truetype(str(chart_png.OWN_FONTS / "DejaVuSans.ttf"), 24)
    missing = face.getmask("\u4e00").getbbox()  # not in the Latin subset: the .notdef box
    for letter in "æøåÆØÅé–«»…":
        assert face.getmask(letter).getbbox() != missing, letter


def test_bar_chart_is_a_png_with_one_row_per_item():
    png = chart_png.bar_chart([("1 (delt). Tillit og åpenhet", 3, "3 (37,5 %)"),
                               ("3. Én dør inn", 1, "1 (12,5 %)")])
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == chart_png.WIDTH
    assert image.height == 2 * 24 + 2 * 72
    # The longest bar is drawn in the accent colour, the shorter one only partly.
    y = 24 + 72 // 2
    assert image.getpixel((chart_png.PAD + chart_png.LABEL_WIDTH + 5, y)) == (30, 90, 168)


def test_grouped_chart_draws_a_bar_per_group_and_none_where_not_raised():
    png = chart_png.grouped_bar_chart(["Tillit"], ["Medarbeidere", "Ledere"], [[0.5, None]],
                                      lambda v: "–" if v is None else f"{v:.0%}")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    first_bar_y = chart_png.PAD + 48 + 40 + 15
    second_bar_y = first_bar_y + 38
    x = chart_png.PAD + 260 + 10
    assert image.getpixel((x, first_bar_y)) == (0, 114, 178)        # Okabe–Ito blue
    assert image.getpixel((x, second_bar_y)) == (230, 233, 238)     # only the track


def test_long_labels_are_cut_with_an_ellipsis():
    face = chart_png.font(22)
    lines = chart_png.fit("Et svært langt tema om samhandling mellom innbyggere og kommunen "
                          "som ikke får plass på to linjer i diagrammet", face, 200)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 200 for line in lines)


def test_csv_cells_never_become_formulas():
    assert cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert cell("+47 123") == "'+47 123" and cell("@sum") == "'@sum" and cell("-ikke") == "'-ikke"
    assert cell("Tillit") == "Tillit" and cell(3) == 3


def test_markdown_escaping_keeps_text_as_typed():
    assert escape("<img src=x onerror=alert(1)>") == "\\<img src=x onerror=alert(1)\\>"
    assert escape("a | b") == "a \\| b"
    assert escape("1. punkt") == "1\\. punkt" and escape("- strek") == "\\- strek"
    assert escape("to\nlinjer") == "to<br>linjer"


def test_sheet_names_are_allowed_and_unique():
    taken: set[str] = set()
    assert sheet_name("Spørsmål 1", taken) == "Spørsmål 1"
    assert sheet_name("Spørsmål 1", taken) == "Spørsmål 1 (2)"
    long = sheet_name("Hva/mener:du*om[samhandling]?" * 3, taken)
    assert len(long) <= 31 and not set("[]:*?/\\") & set(long)
