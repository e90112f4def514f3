"""A workshop's report as Markdown: headings, a ranking table per question, every note."""
from __future__ import annotations

import re

from ..services.reports import QuestionReport, WorkshopReport
from . import words

# Escaped anywhere: they start code, emphasis, links, HTML or a table cell. "_" only
# at a word's edge (inside a word CommonMark never reads it as emphasis); "!" is harmless
# once "[" is escaped.
_SPECIAL = re.compile(r"([\\`*\[\]<>|~])|(?<![^\W_])_|_(?![^\W_])")
# Read as a block only where a block starts (a paragraph or a list item's first line):
# "1. " or "1) " (a numbered list), "- " or "+ " (a bullet), "# " (a heading), "---"
# (a rule).
_ORDERED = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
_BLOCK = re.compile(r"^(\s*)([-+]|#{1,6})(?=\s|$)|^(\s*)(-)(?=(?:\s*-){2,}\s*$)")


def _block(match: re.Match) -> str:
    space, mark = (match.group(1), match.group(2)) if match.group(2) else match.group(3, 4)
    return f"{space}\\{mark}"


def _special(line: str) -> str:
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), line)


def escape(text: str, block: bool = True) -> str:
    """User text shown as typed: Markdown and HTML characters escaped, lines kept.

    ``block``: the text starts a block (a paragraph or a list item), where "3. Tillit"
    would become a numbered list; in a heading or a table cell (``block=False``)
    it is left as it is.
    """
    lines = [_special(line) for line in text.split("\n")]
    if block:
        lines[0] = _BLOCK.sub(_block, _ORDERED.sub(r"\1\\\2", lines[0]))
    return "<br>".join(lines) if len(lines) > 1 else lines[0]


def inline(text: str) -> str:
    """User text inside a heading, a table cell or after a label: no block escapes."""
    return escape(text, block=False)


def _question(question: QuestionReport, L: dict[str, str]) -> list[str]:
    out = [f"## {L['question_n'] % {'n': question.position + 1}}: {inline(question.question)}",
           "",
           f"{L['phase']}: {words.phase(L, question.phase)} · {L['dots']}: {question.dots}"
           f" · {L['voters']}: {question.voters}", ""]
    if not question.items:
        return out + [L["no_notes"], ""]
    out += [f"| {L['rank']} | {L['item']} | {L['votes']} | {L['share']} |",
            "|---:|---|---:|---:|"]
    for item in question.items:
        out.append(f"| {words.rank(L, item.rank, item.tied)} | "
                   f"{inline(words.item_title(L, item))} | {item.votes} | "
                   f"{words.percent(item.share)} |")
    out.append("")
    for item in question.groups:
        out += [f"### {inline(words.ranked_title(L, item))} ({L['votes']}: {item.votes})", ""]
        out += [f"- {escape(note.text)}" + (f" — {inline(note.name)}" if note.name else "")
                for note in item.notes]
        out.append("")
    loose = [item for item in question.items if item.kind == "note"]
    if loose:
        out += [f"### {L['ungrouped_notes']}", ""]
        out += [f"- {escape(item.title)} ({L['votes']}: {item.votes})"
                + (f" — {inline(item.notes[0].name)}" if item.notes[0].name else "")
                for item in loose]
        out.append("")
    return out


def render(report: WorkshopReport, L: dict[str, str]) -> bytes:
    """The report as UTF-8 Markdown."""
    out = [f"# {inline(report.title)}", "",
           f"*{L['report']} · {L['made'] % {'when': words.when(report.generated_at)}}*", ""]
    out.append(f"- {L['created_on']}: {words.day(report.created_at)}")
    if report.stakeholder:
        out.append(f"- {L['stakeholder']}: {inline(report.stakeholder)}")
    out += [f"- {L['participants']}: {report.participants}", ""]
    for question in report.questions:
        out += _question(question, L)
    return "\n".join(out).encode("utf-8")
