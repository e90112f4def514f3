"""The notes of a workshop as CSV: UTF-8 with a BOM and semicolons, as Excel opens it
in Norwegian (where the comma is the decimal sign)."""
from __future__ import annotations

import csv
import io
import re

from ..services.reports import WorkshopReport
from .tables import note_header, note_rows

DELIMITER = ";"
# What a spreadsheet runs as a formula when it opens a CSV file (docs/security.md,
# "CSV exports"): "=" and "@" always; "+" and "-" unless only a number or a phone
# number follows (digits, spaces and . , / ( ) — nothing that can name a function or a
# cell, nor another operator); a leading tab or carriage return, which some programs
# strip before they look.
_ALWAYS = ("=", "@", "\t", "\r")
_SIGNED_PLAIN = re.compile(r"[+-][\d\s.,/()]*")


def needs_guard(text: str) -> bool:
    """Whether a spreadsheet would evaluate ``text`` instead of showing it."""
    if text.startswith(_ALWAYS):
        return True
    return text.startswith(("+", "-")) and not _SIGNED_PLAIN.fullmatch(text)


def cell(value) -> object:
    """A value that a spreadsheet shows as typed, never runs as a formula.

    A note such as "=HYPERLINK(...)" gets a leading apostrophe (OWASP's advice
    against CSV injection); "+47 38 07 50 00" and numbers stay as they are.
    """
    if isinstance(value, str) and needs_guard(value):
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
