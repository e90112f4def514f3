"""Suggest a group for each ungrouped note.

A group is known by the notes already in it and by its title. A note's
score for a group mixes its similarity to the closest member (one good
match is strong evidence), the mean similarity to all members (the theme
as a whole) and the similarity to the title. Suggestions are advisory:
nothing here moves a note.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Hashable, Iterable, Mapping

from .features import NoteFeatures, featurize
from .space import BoardSpace

NoteId = Hashable
GroupId = Hashable

CLOSEST_WEIGHT = 0.2
MEAN_WEIGHT = 0.3
TITLE_WEIGHT = 0.5


@dataclass(frozen=True)
class Group:
    """A group as the ranking sees it: its id, its notes and its title."""

    id: GroupId
    note_ids: tuple[NoteId, ...] = ()
    title: str = ""
    title_features: NoteFeatures | None = None  # give it to use an embedding of the title


@dataclass(frozen=True)
class _TitleOf:
    """The column of a group's title among the note columns (no note id can equal it)."""

    group: GroupId


@lru_cache(maxsize=1024)
def _title(text: str) -> NoteFeatures:
    return featurize(text)


def groups_from_assignment(assignment: Mapping[NoteId, GroupId | None],
                           titles: Mapping[GroupId, str]) -> tuple[list[NoteId], list[Group]]:
    """Split a board's ``note -> group`` assignment into ungrouped notes and groups."""
    members: dict[GroupId, list[NoteId]] = {g: [] for g in titles}
    ungrouped = []
    for note, group in assignment.items():
        if group is None:
            ungrouped.append(note)
        else:
            members.setdefault(group, []).append(note)
    groups = [Group(id=g, note_ids=tuple(notes), title=titles.get(g, ""))
              for g, notes in members.items()]
    return ungrouped, groups


def suggest_groups(ungrouped: Iterable[NoteId], groups: Iterable[Group],
                   features: Mapping[NoteId, NoteFeatures], *, top: int = 3,
                   embedding_share: float = 0.0,
                   ) -> dict[NoteId, list[tuple[GroupId, float]]]:
    """The ``top`` most likely groups for each ungrouped note, best first.

    ``features`` maps note id -> ``featurize(text)`` (the caller's cache);
    notes missing from it get no suggestion. Scores lie in [0, 1] and are
    comparable within one board; groups with a score of 0 are left out.
    Groups with neither notes nor a title are ignored.
    """
    groups = [g for g in groups if g.note_ids or g.title.strip()]
    rows = [n for n in ungrouped if n in features]
    members = {n: g.id for g in groups for n in g.note_ids if n in features}
    titles = {_TitleOf(g.id): g.title_features or _title(g.title)
              for g in groups if g.title.strip()}
    space = BoardSpace({n: features[n] for n in [*rows, *members]}, embedding_share)
    sims = space.similarities(rows, [*members, *titles], extra=titles)
    sizes = {g.id: sum(1 for n in g.note_ids if n in features) for g in groups}
    result: dict[NoteId, list[tuple[GroupId, float]]] = {}
    for row in rows:
        closest: dict[GroupId, float] = {}
        total: dict[GroupId, float] = {}
        scores: dict[GroupId, float] = {}
        for column, sim in sims[row].items():
            if isinstance(column, _TitleOf):
                scores[column.group] = scores.get(column.group, 0.0) + TITLE_WEIGHT * sim
                continue
            group = members[column]
            if group in total:
                total[group] += sim
                if sim > closest[group]:
                    closest[group] = sim
            else:
                total[group] = closest[group] = sim
        for group, best in closest.items():
            mean = total[group] / sizes[group]
            scores[group] = scores.get(group, 0.0) + CLOSEST_WEIGHT * best + MEAN_WEIGHT * mean
        ranked = sorted(((g, s) for g, s in scores.items() if s > 0), key=lambda p: -p[1])
        result[row] = [(g, round(s, 4)) for g, s in ranked[:top]]
    return result
