"""The closed vocabulary of real-time event names, shared with ``static/js/protocol.js``.

Server and browser must agree on every name; ``tests/domain/test_events.py``
checks that the JavaScript mirror lists exactly these. The payloads are
described in ``docs/protocol.md``.
"""
from __future__ import annotations

# Client -> server requests. Each is answered through the Socket.IO
# acknowledgement with {"ok": true, ...} or {"ok": false, "error": {...}}.
SNAPSHOT_GET = "snapshot:get"
NOTE_CREATE = "note:create"
NOTE_UPDATE = "note:update"
NOTE_DELETE = "note:delete"
WORKSHOP_SHOW_BOARD = "workshop:show_board"
WORKSHOP_SETTINGS = "workshop:settings"
PARTICIPANT_RENAME = "participant:rename"

# Server -> client pushes.
SNAPSHOT = "snapshot"
NOTE_CREATED = "note:created"
NOTE_UPDATED = "note:updated"
NOTE_DELETED = "note:deleted"
WORKSHOP_UPDATED = "workshop:updated"
PRESENCE = "presence"

CLIENT_REQUESTS = (
    SNAPSHOT_GET, NOTE_CREATE, NOTE_UPDATE, NOTE_DELETE,
    WORKSHOP_SHOW_BOARD, WORKSHOP_SETTINGS, PARTICIPANT_RENAME,
)
SERVER_PUSHES = (
    SNAPSHOT, NOTE_CREATED, NOTE_UPDATED, NOTE_DELETED, WORKSHOP_UPDATED, PRESENCE,
)
