"""The one-row-per-note table shared by the CSV file and the XLSX "All notes" sheet."""
from __future__ import annotations

from ..services.reports import WorkshopReport
from . import words


def note_header(L: dict[str, str]) -> list[str]:
    """Column headings of the note table."""
    return [L["question_no"], L["question"], L["note"], L["name"], L["group"], L["votes"],
            L["rank"], L["phase"], L["created"], L["exported"]]


def note_rows(report: WorkshopReport, L: dict[str, str], typed: bool = False) -> list[list]:
    """One row per note: question by question, in ranked order, as the results read.

    ``typed``: ranks as ``words.Rank`` and times as local datetimes (for XLSX, which
    stores them as numbers and dates); otherwise everything as CSV shows it.
    """
    time = words.local if typed else words.stamp
    exported = time(report.generated_at)
    rows = []
    for question in report.questions:
        phase = words.phase(L, question.phase)
        for item in question.items:
            rank = (words.Rank(note.rank, item.tied) if typed
                    else words.rank(L, note.rank, item.tied) for note in item.notes)
            for note, shown in zip(item.notes, rank):
                group = (note.group_title or L["untitled"]) if note.group_id else ""
                rows.append([question.position + 1, question.question, note.text, note.name,
                             group, note.votes, shown, phase, time(note.created_at),
                             exported])
    return rows
