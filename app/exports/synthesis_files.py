"""The synthesis of a series as DOCX and XLSX: who took part, then each question with the
themes several groups named (share of each group's dots) and those only one group raised."""
from __future__ import annotations

from io import BytesIO

from ..domain.synthesis import Cell, QuestionSynthesis
from ..services.synthesis import SeriesSynthesis
from . import chart_png, docx_file, xlsx_file
from . import words
from .docx_file import CHART_WIDTH


def cell_text(cell: Cell | None) -> str:
    """A theme's share in one group, with its votes: "37,5 % (3)"; "–" if not raised."""
    return f"{words.percent(cell.share)} ({cell.theme.votes})" if cell else "–"


def _docx_question(document, question: QuestionSynthesis, L: dict[str, str]) -> None:
    labels = [c.label for c in question.columns]
    document.add_heading(f"{L['question_n'] % {'n': question.position + 1}}: "
                         f"{question.question}", level=1)
    document.add_paragraph(" · ".join(f"{c.label}: {L['dots']} {c.dots}"
                                      for c in question.columns))
    document.add_heading(L["shared_themes"], level=2)
    if question.shared:
        png = chart_png.grouped_bar_chart(
            [t.title or L["untitled"] for t in question.shared], labels,
            [[c.share if c else None for c in t.cells] for t in question.shared],
            lambda v: words.percent(v) if v is not None else "–")
        document.add_picture(BytesIO(png), width=CHART_WIDTH)
        docx_file.table(document, [L["theme"], *labels],
                        [[t.title or L["untitled"], *(cell_text(c) for c in t.cells)]
                         for t in question.shared])
    else:
        document.add_paragraph("–")
    document.add_heading(L["only_one"], level=2)
    for column, cells in zip(question.columns, question.only):
        if not cells:
            continue
        document.add_heading(column.label, level=3)
        for cell in cells:
            document.add_paragraph(f"{cell.theme.title or L['untitled']} — "
                                   f"{cell_text(cell)}", style="List Bullet")


def docx(synthesis: SeriesSynthesis, L: dict[str, str], language: str = "nb") -> bytes:
    """The synthesis as a .docx file."""
    document = docx_file.new_document(synthesis.title, language)
    document.add_heading(synthesis.title, level=0)
    document.add_paragraph().add_run(
        f"{L['synthesis']} · {L['made'] % {'when': words.when(synthesis.generated_at)}}"
    ).italic = True
    document.add_heading(L["taken_part"], level=1)
    docx_file.table(document, [L["stakeholder"], L["participants"], L["notes"]],
                    [[m.label, m.participants, m.notes] for m in synthesis.members])
    for question in synthesis.questions:
        _docx_question(document, question, L)
    return docx_file.save(document)


def _xlsx_question(sheet, synthesis: SeriesSynthesis, question: QuestionSynthesis,
                   L: dict[str, str]) -> None:
    made = L["made"] % {"when": words.when(synthesis.generated_at)}
    row = xlsx_file.heading(sheet, synthesis.title, [
        (L["question_n"] % {"n": question.position + 1}, question.question)], made)
    columns = question.columns
    xlsx_file.put(sheet, row, [L["theme"], *(c.label for c in columns), L["named_by"]],
                  font=xlsx_file.BOLD)
    xlsx_file.put(sheet, row + 1, [L["participants"], *(c.participants for c in columns)])
    xlsx_file.put(sheet, row + 2, [L["dots"], *(c.dots for c in columns)])
    row += 4
    xlsx_file.put(sheet, row, [L["shared_themes"]], font=xlsx_file.BOLD)
    for theme in question.shared:
        row += 1
        xlsx_file.put(sheet, row, [theme.title or L["untitled"],
                                   *(c.share if c else None for c in theme.cells),
                                   theme.named_by])
        for index in range(len(columns)):
            sheet.cell(row=row, column=2 + index).number_format = xlsx_file.PERCENT
    row += 2
    xlsx_file.put(sheet, row, [L["only_one"]], font=xlsx_file.BOLD)
    for index, cells in enumerate(question.only):
        for cell in cells:
            row += 1
            values = [cell.theme.title or L["untitled"], *([None] * len(columns)), 1]
            values[1 + index] = cell.share
            xlsx_file.put(sheet, row, values)
            sheet.cell(row=row, column=2 + index).number_format = xlsx_file.PERCENT
    xlsx_file.widths(sheet, [40, *([16] * len(columns)), 12])


def xlsx(synthesis: SeriesSynthesis, L: dict[str, str]) -> bytes:
    """The synthesis as a workbook: who took part, then a sheet per question."""
    book = xlsx_file.new_book(L)
    taken: set[str] = set()
    people = book.active
    people.title = xlsx_file.sheet_name(L["taken_part"], taken)
    row = xlsx_file.heading(people, synthesis.title, [],
                            L["made"] % {"when": words.when(synthesis.generated_at)})
    xlsx_file.put(people, row, [L["stakeholder"], L["workshop"], L["participants"],
                                L["notes"]], font=xlsx_file.BOLD)
    for member in synthesis.members:
        row += 1
        xlsx_file.put(people, row, [member.label, member.title, member.participants,
                                    member.notes])
    xlsx_file.widths(people, [24, 50, 14, 10])
    for question in synthesis.questions:
        sheet = book.create_sheet(xlsx_file.sheet_name(
            L["question_n"] % {"n": question.position + 1}, taken))
        _xlsx_question(sheet, synthesis, question, L)
    book.properties.title = synthesis.title
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
