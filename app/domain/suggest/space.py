"""Similarity between the notes of one board.

``BoardSpace`` weighs every note's cached features once per call (idf from
this board) and answers "how alike are these notes?" for many pairs at a
time. The lexical method walks an inverted index, so notes that share no
feature cost nothing; when every note carries an embedding the optional
dense similarity is mixed in (``embedding_share``).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Hashable, Iterable, Mapping

from . import vectors
from .features import NoteFeatures

NoteId = Hashable


class BoardSpace:
    """Weighted vectors of a set of notes, and their pairwise similarities."""

    def __init__(self, features: Mapping[NoteId, NoteFeatures],
                 embedding_share: float = 0.0, view: str = "terms") -> None:
        """Weigh ``features`` (note id -> features) with this board's idf.

        ``embedding_share`` in [0, 1] is the weight of the embedding cosine
        in the similarity; it is used only when every note has an embedding.
        ``view`` picks the sparse features: "terms" (content words and their
        n-grams) or "shape" (the whole text as written, for duplicates).
        """
        self.features = features
        self.view = view
        self.idf, self.unseen = vectors.idf_table(getattr(f, view) for f in features.values())
        self.vectors = {nid: vectors.weigh(getattr(f, view), self.idf, self.unseen)
                        for nid, f in features.items()}
        has_dense = features and all(f.embedding is not None for f in features.values())
        self.embedding_share = embedding_share if has_dense else 0.0

    def vector(self, note: NoteFeatures) -> vectors.Vector:
        """The weighted vector of a text outside the board (a group title)."""
        return vectors.weigh(getattr(note, self.view), self.idf, self.unseen)

    def similarities(self, rows: Iterable[NoteId], columns: Iterable[NoteId],
                     extra: Mapping[NoteId, NoteFeatures] | None = None,
                     ) -> dict[NoteId, dict[NoteId, float]]:
        """Similarity of each row note to each column note it shares anything with.

        Columns may include ids of ``extra`` features (e.g. group titles).
        Pairs that share no feature are left out (their similarity is 0).
        """
        extra = extra or {}
        column_vectors = {c: self.vectors[c] if c in self.vectors else self.vector(extra[c])
                          for c in columns}
        index: dict[str, list[tuple[NoteId, float]]] = defaultdict(list)
        for column, vector in column_vectors.items():
            for term, weight in vector.items():
                index[term].append((column, weight))
        result: dict[NoteId, dict[NoteId, float]] = {}
        for row in rows:
            scores: dict[NoteId, float] = defaultdict(float)
            for term, weight in self.vectors[row].items():
                for column, other in index.get(term, ()):
                    scores[column] += weight * other
            result[row] = dict(scores)
        if self.embedding_share:
            self._mix_dense(result, column_vectors.keys(), extra)
        return result

    def pairs(self, ids: Iterable[NoteId], floor: float = 0.0,
              ) -> list[tuple[NoteId, NoteId, float]]:
        """Every pair ``(a, b, similarity)`` of ``ids`` alike more than ``floor``, once.

        ``a`` comes before ``b`` in ``ids``. Half the work of ``similarities``
        for all-against-all: each note is compared with those before it only.
        """
        ids = list(ids)
        index: dict[str, list[tuple[NoteId, float]]] = defaultdict(list)
        found: list[tuple[NoteId, NoteId, float]] = []
        for note in ids:
            vector = self.vectors[note]
            scores: dict[NoteId, float] = defaultdict(float)
            for term, weight in vector.items():
                for other, w in index.get(term, ()):
                    scores[other] += weight * w
            for term, weight in vector.items():
                index[term].append((note, weight))
            found.extend((other, note, s) for other, s in scores.items())
        if self.embedding_share:
            found = self._mix_dense_pairs(ids, found)
        return [p for p in found if p[2] > floor]

    def _mix_dense_pairs(self, ids: list[NoteId], found: list[tuple[NoteId, NoteId, float]],
                         ) -> list[tuple[NoteId, NoteId, float]]:
        from .embedding import cosine_matrix

        position = {nid: i for i, nid in enumerate(ids)}
        dense = [self.features[n].embedding for n in ids]
        matrix = cosine_matrix(dense, dense)
        lexical = {(position[a], position[b]): s for a, b, s in found}
        share = self.embedding_share
        return [(ids[i], ids[j],
                 (1 - share) * lexical.get((i, j), 0.0) + share * float(matrix[i][j]))
                for j in range(len(ids)) for i in range(j)]

    def _mix_dense(self, result: dict[NoteId, dict[NoteId, float]],
                   columns: Iterable[NoteId], extra: Mapping[NoteId, NoteFeatures]) -> None:
        from .embedding import cosine_matrix  # numpy is needed only on this path

        pairs = [(c, (self.features.get(c) or extra[c]).embedding) for c in columns]
        dense = [(c, e) for c, e in pairs if e is not None]  # a title may have none
        if not dense or not result:
            return
        rows = list(result)
        matrix = cosine_matrix([self.features[r].embedding for r in rows], [e for _, e in dense])
        share = self.embedding_share
        for i, row in enumerate(rows):
            mixed = result[row]
            for j, (column, _) in enumerate(dense):
                mixed[column] = (1 - share) * mixed.get(column, 0.0) + share * float(matrix[i][j])
