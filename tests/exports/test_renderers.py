"""The pieces of the export files that need no database: charts, escaping, sheet names."""
from __future__ import annotations

import io

from PIL import Image, ImageFont

from app.exports import chart_png
from app.exports.csv_file import cell
from app.exports.markdown_file import escape, inline
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
    assert cell("@sum") == "'@sum" and cell("-ikke") == "'-ikke"
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


def test_csv_guards_only_what_a_spreadsheet_would_evaluate():
    guarded = ["=1+1", "+SUM(A1)", "-2+3", "@foo", "\t=1+1", "\r=1+1", "-ikke", "+A1",
               "=HYPERLINK(\"http://x\")", "-1-1"]
    kept = ["+47 38 07 50 00", "-", "-5", "+47 (0) 38 07", "Tillit", "1+1", "a=b", ""]
    assert [cell(v) for v in guarded] == ["'" + v for v in guarded]
    assert [cell(v) for v in kept] == kept
    assert cell(3) == 3


def test_markdown_escapes_only_where_markdown_would_misread():
    assert inline("3. Alle skal med") == "3. Alle skal med"  # a heading or a table cell
    assert escape("3. Alle skal med") == "3\\. Alle skal med"  # a list item: would renumber
    assert escape("3.5 km") == "3.5 km" and escape("-ikke") == "-ikke"
    assert escape("snake_case og !") == "snake_case og !" and escape("_kursiv_") == "\\_kursiv\\_"
    assert escape("# overskrift") == "\\# overskrift" and escape("#emneknagg") == "#emneknagg"
    assert escape("---") == "\\---" and inline("a | b") == "a \\| b"


def test_the_value_text_of_the_longest_bar_is_never_clipped():
    png = chart_png.bar_chart([("Tillit", 12, "12 (100,0 %)"), ("Svar", 1, "1 (8,3 %)")])
    image = Image.open(io.BytesIO(png)).convert("RGB")
    right = [image.getpixel((x, y)) for x in range(image.width - chart_png.PAD, image.width)
             for y in range(image.height)]
    assert set(right) == {(255, 255, 255)}  # the right margin stays empty


def test_a_long_legend_wraps_instead_of_running_off_the_chart():
    groups = [f"Interessentgruppe nummer {n}" for n in range(8)]
    png = chart_png.grouped_bar_chart(["Tillit"], groups, [[0.5] * 8], lambda v: "50,0 %")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.height > chart_png.PAD * 2 + 48 + 40 + 8 * 38 + 16  # more than one legend line
    right = {image.getpixel((x, y)) for x in range(image.width - chart_png.PAD, image.width)
             for y in range(image.height)}
    assert right == {(255, 255, 255)}


def test_file_names_keep_the_title_and_have_an_ascii_fallback():
    from datetime import datetime, timezone

    from app import create_app
    from app.config import TestConfig
    from app.exports.words import ascii_filename, filename

    with create_app(TestConfig, {"DATABASE_URL": "sqlite://"}).test_request_context():
        name = filename("Tjenester – Ås: 1/2", datetime(2026, 11, 26, 18, 54, tzinfo=timezone.utc),
                        "xlsx")
    assert name == "Tjenester – Ås_ 1_2-2026-11-26-1954.xlsx"
    assert ascii_filename(name) == "Tjenester - As_ 1_2-2026-11-26-1954.xlsx"
