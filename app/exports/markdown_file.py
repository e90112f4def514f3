"""A workshop's report as Markdown: headings, a ranking table per question, every note."""
from __future__ import annotations

import re

from ..services.reports import QuestionReport, WorkshopReport
from . import words

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!~])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")
_BULLET = re.compile(r"^(\s*)([-+=])")


def escape(text: str) -> str:
    """User text shown as typed: Markdown and HTML characters are escaped, lines kept."""
    lines = [_BULLET.sub(r"\1\\\2", _ORDERED.sub(r"\1\\\2", _SPECIAL.sub(r"\\\1", line)))
             for line in text.split("\n")]
    return "<br>".join(lines) if len(lines) > 1 else lines[0]


def _question(question: QuestionReport, L: dict[str, str]) -> list[str]:
    out = [f"## {L['question_n'] % {'n': question.position + 1}}: {escape(question.question)}",
           "",
           f"{L['phase']}: {words.phase(L, question.phase)} · {L['dots']}: {question.dots}"
           f" · {L['voters']}: {question.voters}", ""]
    if not question.items:
        return out + [L["no_notes"], ""]
    out += [f"| {L['rank']} | {L['item']} | {L['votes']} | {L['share']} |",
            "|---:|---|---:|---:|"]
    for item in question.items:
        out.append(f"| {words.rank(L, item.rank, item.tied)} | "
                   f"{escape(words.item_title(L, item))} | {item.votes} | "
                   f"{words.percent(item.share)} |")
    out.append("")
    for item in question.groups:
        out += [f"### {escape(words.ranked_title(L, item))} ({L['votes']}: {item.votes})", ""]
        out += [f"- {escape(note.text)}" + (f" — {escape(note.name)}" if note.name else "")
                for note in item.notes]
        out.append("")
    loose = [item for item in question.items if item.kind == "note"]
    if loose:
        out += [f"### {L['ungrouped_notes']}", ""]
        out += [f"- {escape(item.title)} ({L['votes']}: {item.votes})"
                + (f" — {escape(item.notes[0].name)}" if item.notes[0].name else "")
                for item in loose]
        out.append("")
    return out


def render(report: WorkshopReport, L: dict[str, str]) -> bytes:
    """The report as UTF-8 Markdown."""
    out = [f"# {escape(report.title)}", "",
           f"*{L['report']} · {L['made'] % {'when': words.when(report.generated_at)}}*", ""]
    out.append(f"- {L['created_on']}: {words.day(report.created_at)}")
    if report.stakeholder:
        out.append(f"- {L['stakeholder']}: {escape(report.stakeholder)}")
    out += [f"- {L['participants']}: {report.participants}", ""]
    for question in report.questions:
        out += _question(question, L)
    return "\n".join(out).encode("utf-8")
