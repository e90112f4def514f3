"""A workshop's report as a Word document (python-docx), ready for a steering document:
title, date, stakeholder group, participants, then each question with a bar chart,
its ranked themes (ties shown as ties) and every note."""
from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocumentType
from docx.shared import Cm, Pt

from ..services.reports import QuestionReport, WorkshopReport
from . import chart_png
from . import words

CHART_WIDTH = Cm(16)
AUTHOR = "Verksted"


def a4(document: DocumentType) -> None:
    """A4 paper with 2.5 cm margins (python-docx's template is US Letter)."""
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))


def new_document(title: str, language: str) -> DocumentType:
    """An empty document with its title and language set."""
    document = Document()
    a4(document)
    properties = document.core_properties
    properties.title = title
    # python-docx's template says "python-docx" as author and in the comments.
    properties.author = properties.last_modified_by = AUTHOR
    properties.comments = ""
    document.core_properties.language = "nb-NO" if language == "nb" else "en-GB"
    document.styles["Normal"].font.size = Pt(11)
    return document


def table(document: DocumentType, header: list[str], rows: list[list[str]],
          widths: list[float] | None = None) -> None:
    """A simple grid table with a bold header row."""
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = str(value)
    if widths:
        for row in grid.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Cm(width)


def save(document: DocumentType) -> bytes:
    """The document as bytes."""
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _question(document: DocumentType, question: QuestionReport, L: dict[str, str]) -> None:
    document.add_heading(f"{L['question_n'] % {'n': question.position + 1}}: "
                         f"{question.question}", level=1)
    document.add_paragraph(f"{L['phase']}: {words.phase(L, question.phase)} · "
                           f"{L['dots']}: {question.dots} · {L['voters']}: {question.voters}")
    if not question.items:
        document.add_paragraph(L["no_notes"])
        return
    if question.dots:
        chart = chart_png.bar_chart([(row["label"], row["value"], row["shown"])
                                     for row in words.chart_rows(L, question.items)])
        document.add_picture(BytesIO(chart), width=CHART_WIDTH)
    else:
        document.add_paragraph(L["no_dots"])
    table(document, [L["rank"], L["item"], L["votes"], L["share"]],
          [[words.rank(L, i.rank, i.tied), words.item_title(L, i), i.votes,
            words.percent(i.share)] for i in question.items], [2.4, 9.2, 2, 2.4])
    for item in question.groups:
        document.add_heading(f"{words.ranked_title(L, item)} ({L['votes']}: {item.votes})",
                             level=2)
        for note in item.notes:
            document.add_paragraph(note.text + (f" — {note.name}" if note.name else ""),
                                   style="List Bullet")
    loose = [item for item in question.items if item.kind == "note"]
    if loose:
        document.add_heading(L["ungrouped_notes"], level=2)
        for item in loose:
            name = item.notes[0].name
            document.add_paragraph(f"{item.title} ({L['votes']}: {item.votes})"
                                   + (f" — {name}" if name else ""), style="List Bullet")


def render(report: WorkshopReport, L: dict[str, str]) -> bytes:
    """The report as a .docx file."""
    document = new_document(report.title, report.language)
    document.add_heading(report.title, level=0)
    made = document.add_paragraph()
    made.add_run(f"{L['report']} · {L['made'] % {'when': words.when(report.generated_at)}}"
                 ).italic = True
    table(document, [L["created_on"], L["stakeholder"], L["participants"], L["notes"]],
          [[words.day(report.created_at), report.stakeholder or "–", report.participants,
            report.note_count]])
    for question in report.questions:
        _question(document, question, L)
    return save(document)
