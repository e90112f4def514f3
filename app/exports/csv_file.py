"""The notes of a workshop as CSV: UTF-8 with a BOM and semicolons, as Excel opens it
in Norwegian (where the comma is the decimal sign)."""
from __future__ import annotations

import csv
import io

from ..services.reports import WorkshopReport
from .tables import note_header, note_rows

DELIMITER = ";"
_FORMULA_STARTS = ("=", "+", "-", "@")


def cell(value) -> object:
    """A value that a spreadsheet shows as text, never runs as a formula.

    A note such as "=HYPERLINK(...)" gets a leading apostrophe (OWASP's advice
    against CSV injection); numbers stay numbers.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def render(report: WorkshopReport, L: dict[str, str]) -> bytes:
    """One row per note, with a header row; UTF-8 with BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL,
                        lineterminator="\r\n")
    writer.writerow(note_header(L))
    for row in note_rows(report, L):
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
