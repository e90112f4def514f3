"""The synthesis of a series: every question across its workshops, side by side."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from ..domain import similarity
from ..domain import synthesis as rules
from ..store import db
from ..store import series as store
from ..store.models import Series
from . import reports, views


@dataclass(frozen=True)
class Member:
    """A workshop of the series: its stakeholder group and how many took part."""

    id: int
    label: str
    title: str
    participants: int
    notes: int


@dataclass(frozen=True)
class SeriesSynthesis:
    """What the synthesis page and its exports show."""

    id: int
    title: str
    generated_at: datetime
    members: tuple[Member, ...]
    questions: tuple[rules.QuestionSynthesis, ...]
    suggestions: tuple[tuple[similarity.Suggestion, ...], ...]  # per question

    @property
    def participants(self) -> int:
        """How many people took part over the whole series."""
        return sum(m.participants for m in self.members)


def label_of(report: reports.WorkshopReport) -> str:
    """A workshop's column heading: its stakeholder group, else its title."""
    return report.stakeholder or report.title


def _column(report: reports.WorkshopReport, position: int) -> rules.Column:
    question = next((q for q in report.questions if q.position == position), None)
    if question is None:
        return rules.Column(report.id, label_of(report), report.participants, 0, 0, ())
    themes = tuple(rules.Theme(g.id, g.title, g.votes, tuple(n.text for n in g.notes))
                   for g in question.groups)
    loose = tuple(rules.Theme(i.id, i.title, i.votes, (i.title,), kind="note")
                  for i in question.items if i.kind == "note")
    return rules.Column(report.id, label_of(report), report.participants, question.dots,
                        question.voters, themes, question.question, loose)


def _question_text(columns: list[rules.Column]) -> str:
    asked = Counter(c.question for c in columns if c.question)
    return asked.most_common(1)[0][0] if asked else ""


def build(series: Series) -> SeriesSynthesis:
    """Read every workshop of the series and put its questions side by side."""
    with db.session() as session:
        workshops = store.workshops_of(session, series.id)
        made = [reports.read(session, w) for w in workshops]
        links = store.theme_members(session, series.id)
        names = store.theme_titles(session, series.id)
    theme_of = {group: theme for theme, group, _w, _p in links}
    members: dict[int, set[int]] = {}
    for theme, _group, workshop, _position in links:
        members.setdefault(theme, set()).add(workshop)
    positions = sorted({q.position for r in made for q in r.questions})
    questions, suggestions = [], []
    for position in positions:
        columns = [_column(r, position) for r in made]
        questions.append(rules.synthesise(position, _question_text(columns), columns, theme_of,
                                          names))
        candidates = [similarity.Candidate(t.group_id, c.workshop_id, position, t.title, t.notes)
                      for c in columns for t in c.themes]
        suggestions.append(tuple(similarity.suggest(candidates, theme_of, members=members)))
    return SeriesSynthesis(
        series.id, series.title, views.now(),
        tuple(Member(r.id, label_of(r), r.title, r.participants, r.note_count) for r in made),
        tuple(questions), tuple(suggestions))
