"""A first draft grouping of the ungrouped notes, with suggested titles.

Average-linkage agglomerative clustering on the board's similarity graph:
the two clusters whose notes are most alike on average merge, until no
pair is alike enough (``THRESHOLD``). Notes left alone then join the
cluster they are closest to if that is clear enough (``ATTACH``); the rest
stay out of the draft. The facilitator accepts, edits or drops each group.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Hashable, Mapping

from .features import NoteFeatures
from .space import BoardSpace
from .titles import title_for

NoteId = Hashable

THRESHOLD = 0.45
ATTACH = 0.05
FLOOR = 0.03  # pairs less alike than this are treated as unrelated


@dataclass(frozen=True)
class DraftGroup:
    """One proposed group: its notes (in board order) and a suggested title."""

    note_ids: tuple[NoteId, ...]
    title: str


def draft_groups(features: Mapping[NoteId, NoteFeatures], *, threshold: float = THRESHOLD,
                 attach: float = ATTACH, embedding_share: float = 0.0) -> list[DraftGroup]:
    """Draft groups of two or more notes among ``features`` (the ungrouped notes).

    Largest group first; a note belongs to at most one group.
    """
    ids = list(features)
    pairs = BoardSpace(features, embedding_share).pairs(ids, floor=FLOOR)
    sims: dict[NoteId, dict[NoteId, float]] = {nid: {} for nid in ids}
    for a, b, s in pairs:
        sims[a][b] = sims[b][a] = s
    clusters = _agglomerate(ids, pairs, threshold)
    groups = [c for c in clusters if len(c) > 1]
    for single in (c[0] for c in clusters if len(c) == 1):
        best, score = None, attach
        for i, group in enumerate(groups):
            mean = sum(sims[single].get(n, 0.0) for n in group) / len(group)
            if mean >= score:
                best, score = i, mean
        if best is not None:
            groups[best] = [*groups[best], single]
    order = {nid: i for i, nid in enumerate(ids)}
    groups = [sorted(g, key=order.__getitem__) for g in groups]
    groups.sort(key=lambda g: (-len(g), order[g[0]]))
    return [DraftGroup(note_ids=tuple(g), title=title_for(g, features)) for g in groups]


def _agglomerate(ids: list[NoteId], pairs: list[tuple[NoteId, NoteId, float]],
                 threshold: float) -> list[list[NoteId]]:
    """Average-linkage clusters (lists of ids) of ``ids``, merged while alike enough."""
    members = {i: [nid] for i, nid in enumerate(ids)}
    index = {nid: i for i, nid in enumerate(ids)}
    links: dict[int, dict[int, float]] = {i: {} for i in members}  # summed similarity
    for a, b, s in pairs:
        i, j = sorted((index[a], index[b]))
        links[i][j] = links[j][i] = s
    heap = [(-s, i, j) for i, row in links.items() for j, s in row.items() if i < j]
    heapq.heapify(heap)
    while heap:
        neg, i, j = heapq.heappop(heap)
        if i not in members or j not in members:
            continue
        average = links[i][j] / (len(members[i]) * len(members[j]))
        if abs(average + neg) > 1e-12:
            continue  # stale entry: a cluster grew since this was pushed
        if average < threshold:
            break
        members[i].extend(members.pop(j))
        for k, s in links.pop(j).items():
            del links[k][j]
            if k != i:
                links[i][k] = links[k][i] = links[i].get(k, 0.0) + s
        for k, s in links[i].items():
            heapq.heappush(heap, (-s / (len(members[i]) * len(members[k])), min(i, k), max(i, k)))
    return list(members.values())
