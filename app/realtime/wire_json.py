"""The JSON codec of the Socket.IO wire, with a floor under hostile nesting.

A few kilobytes of ``[[[[...]]]]`` make Python's decoder raise
``RecursionError`` inside python-socketio, before any handler runs, so the
request would never be answered. Such a message decodes instead to the
event ``TOO_DEEP``, which the catch-all handler answers ``payload_invalid``
through the request's own acknowledgement.

Snapshots are encoded once, not once per phone: a board's note list is a
``RawJSON`` that carries its own JSON text (built once per board state, or
joined from per-note pieces for a phone's own ``mine`` flags), and a payload
marked ``Spliced`` gets those texts pasted in instead of encoding the notes
again (a 1,000-note snapshot took ~17 ms of JSON per phone).
"""
from __future__ import annotations

import json
import secrets
from functools import cached_property

TOO_DEEP = "payload:too_deep"
COMPACT = (",", ":")  # python-socketio's separators


class RawJSON(list):
    """A list that also holds its own JSON text (computed on first use unless given)."""

    def __init__(self, items, text: str | None = None) -> None:
        super().__init__(items)
        if text is not None:
            self.__dict__["text"] = text

    @cached_property
    def text(self) -> str:
        return json.dumps(list(self), separators=COMPACT)


class Spliced(dict):
    """A payload whose ``RawJSON`` parts are pasted in as text when it is encoded."""


def _marked(value: object) -> bool:
    return isinstance(value, Spliced) or (
        isinstance(value, dict) and any(isinstance(v, Spliced) for v in value.values()))


def dumps(obj, **kwargs) -> str:
    """Encode as the standard library does; a ``Spliced`` payload (an event's argument,
    or a value of an acknowledgement) reuses the JSON text of its ``RawJSON`` parts."""
    if isinstance(obj, list) and any(_marked(value) for value in obj):
        return _spliced(obj, kwargs)
    return json.dumps(obj, **kwargs)


def _spliced(obj: list, kwargs: dict) -> str:
    token = secrets.token_hex(12)  # cannot occur in any text a client sent
    texts: list[str] = []

    def swap(value):
        if isinstance(value, RawJSON):
            texts.append(value.text)
            return f"{token}{len(texts) - 1}"
        if isinstance(value, dict):
            return {key: swap(item) for key, item in value.items()}
        if isinstance(value, list):
            return [swap(item) for item in value]
        return value

    encoded = json.dumps(swap(obj), **kwargs)
    for index, text in enumerate(texts):
        encoded = encoded.replace(f'"{token}{index}"', text, 1)
    return encoded


def loads(text, *args, **kwargs):
    """Decode; a payload nested too deep for Python becomes the ``TOO_DEEP`` event."""
    try:
        return json.loads(text, *args, **kwargs)
    except RecursionError:
        return [TOO_DEEP]
