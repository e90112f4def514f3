"""The JSON codec of the Socket.IO wire, with a floor under hostile nesting.

A few kilobytes of ``[[[[...]]]]`` make Python's decoder raise
``RecursionError`` inside python-socketio, before any handler runs, so the
request would never be answered. Such a message decodes instead to the
event ``TOO_DEEP``, which the catch-all handler answers ``payload_invalid``
through the request's own acknowledgement.
"""
from __future__ import annotations

import json

TOO_DEEP = "payload:too_deep"


def dumps(*args, **kwargs) -> str:
    """Encode as the standard library does."""
    return json.dumps(*args, **kwargs)


def loads(text, *args, **kwargs):
    """Decode; a payload nested too deep for Python becomes the ``TOO_DEEP`` event."""
    try:
        return json.loads(text, *args, **kwargs)
    except RecursionError:
        return [TOO_DEEP]
