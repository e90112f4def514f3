"""Putting the workshops of a series side by side, one question at a time.

Each workshop (a stakeholder group: Medarbeidere, Ledere, ...) is a column.
A theme's weight in its workshop is its share of that workshop's dots on
the question, so a room of 40 and a room of 8 compare fairly. Themes the
facilitator linked across workshops are "shared"; the rest were raised by
one group only.
"""
from __future__ import annotations

from dataclasses import dataclass


def share(votes: int, dots: int) -> float:
    """``votes`` as a share (0..1) of ``dots``; 0 when nobody voted."""
    return votes / dots if dots > 0 else 0.0


@dataclass(frozen=True)
class Theme:
    """A group on one workshop's board, with the dots it got."""

    group_id: int  # the note's id for a note left out of every group (kind "note")
    title: str
    votes: int
    notes: tuple[str, ...] = ()
    kind: str = "group"


@dataclass(frozen=True)
class Column:
    """One workshop's answer to the question."""

    workshop_id: int
    label: str
    participants: int
    dots: int
    voters: int
    themes: tuple[Theme, ...]
    question: str = ""
    loose: tuple[Theme, ...] = ()  # notes in no group that got dots: never linked


@dataclass(frozen=True)
class Cell:
    """A theme in its column, with its share of that column's dots."""

    theme: Theme
    share: float


@dataclass(frozen=True)
class SharedTheme:
    """Groups from several workshops linked as one theme; ``cells`` follow the columns."""

    theme_id: int
    title: str
    cells: tuple[Cell | None, ...]

    @property
    def named_by(self) -> int:
        """In how many workshops the theme came up."""
        return sum(cell is not None for cell in self.cells)

    @property
    def total_share(self) -> float:
        """Sum of the shares: how much weight the groups together gave the theme."""
        return sum(cell.share for cell in self.cells if cell is not None)


@dataclass(frozen=True)
class QuestionSynthesis:
    """One question across the series."""

    position: int
    question: str
    columns: tuple[Column, ...]
    shared: tuple[SharedTheme, ...]
    only: tuple[tuple[Cell, ...], ...]  # per column: themes no other group raised


def default_name(row: tuple[Cell | None, ...]) -> str:
    """A linked theme's name until the series owner gives it one: the title of the group
    that got the most dots (the first workshop's on a tie); a nameless group is skipped."""
    cells = [c for c in row if c is not None]
    named = [c for c in cells if c.theme.title] or cells
    return max(named, key=lambda c: c.theme.votes).theme.title  # max keeps the first


def synthesise(position: int, question: str, columns: list[Column],
               theme_of: dict[int, int], names: dict[int, str] | None = None
               ) -> QuestionSynthesis:
    """Side-by-side view of one question; ``theme_of`` maps linked group ids to theme ids,
    ``names`` holds the names the series owner gave themes.

    A theme left with groups in only one workshop (its partner was deleted)
    counts as raised by one group; so does a note that got dots in no group.
    """
    names = names or {}
    cells: dict[int, dict[int, Cell]] = {}  # theme id -> column index -> cell
    only: list[list[Cell]] = [[] for _ in columns]
    for index, column in enumerate(columns):
        for theme in column.themes:
            cell = Cell(theme, share(theme.votes, column.dots))
            theme_id = theme_of.get(theme.group_id)
            if theme_id is None:
                only[index].append(cell)
            else:
                cells.setdefault(theme_id, {})[index] = cell
        only[index].extend(Cell(note, share(note.votes, column.dots))
                           for note in column.loose if note.votes)
    shared = []
    for theme_id, by_column in cells.items():
        if len(by_column) < 2:
            only[next(iter(by_column))].extend(by_column.values())
            continue
        row = tuple(by_column.get(i) for i in range(len(columns)))
        shared.append(SharedTheme(theme_id, names.get(theme_id) or default_name(row), row))
    shared.sort(key=lambda t: (-t.named_by, -t.total_share, t.title.casefold()))
    return QuestionSynthesis(
        position, question, tuple(columns), tuple(shared),
        tuple(tuple(sorted(cs, key=lambda c: (-c.share, c.theme.title.casefold())))
              for cs in only))
