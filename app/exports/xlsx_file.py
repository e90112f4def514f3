"""A workshop's results as an Excel workbook (openpyxl): a sheet per question with the
groups ranked by votes and their notes, and a sheet of all notes."""
from __future__ import annotations

import re
from datetime import date, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..services.reports import QuestionReport, WorkshopReport
from . import words
from .tables import note_header, note_rows

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
PERCENT = "0.0%"
DATETIME = "yyyy-mm-dd hh:mm:ss"
DATE = "yyyy-mm-dd"
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text: str, taken: set[str]) -> str:
    """An allowed, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = _NOT_IN_SHEET_NAME.sub(" ", text).strip()[:31] or "Ark"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def put(sheet: Worksheet, row: int, values: list, *, font=None) -> None:
    """Write a row; text is always stored as text, so "=..." in a note is never a formula.

    Numbers stay numbers, datetimes are dates, a ``words.Rank`` is its number (a shared
    rank shown as "2 (delt)" by its number format, set in ``render``), "–" if none yet.
    """
    for column, value in enumerate(values, start=1):
        if isinstance(value, words.Rank):
            value, shared = (value.value, value.tied) if value.value is not None else ("–", 0)
        else:
            shared = False
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        elif isinstance(value, datetime):
            cell.number_format = DATETIME
        elif isinstance(value, date):
            cell.number_format = DATE
        elif shared:
            cell.number_format = sheet.parent.shared_rank_format
        cell.alignment = WRAP
        if font is not None:
            cell.font = font


def shared_rank_format(L: dict[str, str]) -> str:
    """A number format that shows a shared rank as the words do: 0" (delt)"."""
    before, after = (part.replace('"', "") for part in L["tied"].split("%(rank)s", 1))
    return (f'"{before}"' if before else "") + "0" + (f'"{after}"' if after else "")


def new_book(L: dict[str, str]) -> Workbook:
    """An empty workbook that knows how to show a shared rank."""
    book = Workbook()
    book.shared_rank_format = shared_rank_format(L)
    return book


def widths(sheet: Worksheet, sizes: list[int]) -> None:
    """Set column widths (in characters)."""
    for column, size in enumerate(sizes, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = size


def heading(sheet: Worksheet, title: str, lines: list[tuple[str, object]], made: str) -> int:
    """Title, "made" line and label/value lines at the top; returns the next free row."""
    put(sheet, 1, [title], font=TITLE)
    put(sheet, 2, [made])
    row = 3
    for label, value in lines:
        put(sheet, row, [label, value])
        sheet.cell(row=row, column=1).font = BOLD
        row += 1
    return row + 1


def _question_sheet(sheet: Worksheet, report: WorkshopReport, question: QuestionReport,
                    L: dict[str, str]) -> None:
    made = L["made"] % {"when": words.when(report.generated_at)}
    row = heading(sheet, report.title, [
        (L["question_n"] % {"n": question.position + 1}, question.question),
        (L["created_on"], words.local(report.created_at).date()),
        (L["stakeholder"], report.stakeholder), (L["participants"], report.participants),
        (L["phase"], words.phase(L, question.phase)), (L["dots"], question.dots),
        (L["voters"], question.voters)], made)
    put(sheet, row, [L["rank"], L["item"], L["votes"], L["share"], L["note"], L["name"]],
        font=BOLD)
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    for item in question.items:
        row += 1
        values = [words.Rank(item.rank, item.tied), words.item_title(L, item),
                  item.votes, item.share]
        if item.kind == "note":
            values += [item.notes[0].text, item.notes[0].name]
        put(sheet, row, values, font=BOLD if item.kind == "group" else None)
        sheet.cell(row=row, column=4).number_format = PERCENT
        if item.kind == "group":
            for note in item.notes:
                row += 1
                put(sheet, row, [None, None, None, None, note.text, note.name])
    widths(sheet, [14, 40, 10, 14, 60, 16])


def render(report: WorkshopReport, L: dict[str, str]) -> bytes:
    """The workbook as bytes."""
    book = new_book(L)
    taken: set[str] = set()
    first = True
    for question in report.questions:
        title = sheet_name(L["question_n"] % {"n": question.position + 1}, taken)
        sheet = book.active if first else book.create_sheet()
        sheet.title, first = title, False
        _question_sheet(sheet, report, question, L)
    notes = book.create_sheet(sheet_name(L["all_notes"], taken))
    put(notes, 1, note_header(L), font=BOLD)
    for index, values in enumerate(note_rows(report, L, typed=True), start=2):
        put(notes, index, values)
    notes.freeze_panes = "A2"
    widths(notes, [10, 40, 60, 16, 30, 10, 12, 14, 20, 20])
    book.properties.title = report.title
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
