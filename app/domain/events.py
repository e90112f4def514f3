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
NOTE_CREATE_MANY = "note:create_many"
NOTE_UPDATE = "note:update"
NOTE_DELETE = "note:delete"
NOTE_MODERATE = "note:moderate"
WORKSHOP_SHOW_BOARD = "workshop:show_board"
WORKSHOP_SETTINGS = "workshop:settings"
PARTICIPANT_RENAME = "participant:rename"
BOARD_PHASE = "board:phase"
BOARD_SETTINGS = "board:settings"
BOARD_TIMER = "board:timer"
GROUP_COMBINE = "group:combine"
GROUP_MOVE = "group:move"
GROUP_CREATE = "group:create"
GROUP_MERGE = "group:merge"
GROUP_RENAME = "group:rename"
GROUP_DISSOLVE = "group:dissolve"
VOTE_ADD = "vote:add"
VOTE_REMOVE = "vote:remove"
SUGGEST_GET = "suggest:get"
SUGGEST_DRAFT = "suggest:draft"
SUGGEST_DISMISS = "suggest:dismiss"

# Server -> client pushes.
SNAPSHOT = "snapshot"
NOTE_CREATED = "note:created"
NOTE_UPDATED = "note:updated"
NOTE_DELETED = "note:deleted"
WORKSHOP_UPDATED = "workshop:updated"
PRESENCE = "presence"
BOARD_STATE = "board:state"
BOARD_COUNT = "board:count"
BOARD_GROUPED = "board:grouped"
BOARD_TIMER_UPDATED = "board:timer_updated"
VOTES_MINE = "votes:mine"
VOTES_PROGRESS = "votes:progress"
WORKSHOP_DELETED = "workshop:deleted"
ACCESS_REVOKED = "access:revoked"
SERVER_RESTARTING = "server:restarting"
SUGGESTIONS = "suggestions"
SYNC_STALE = "sync:stale"

CLIENT_REQUESTS = (
    SNAPSHOT_GET, NOTE_CREATE, NOTE_UPDATE, NOTE_DELETE, NOTE_MODERATE,
    WORKSHOP_SHOW_BOARD, WORKSHOP_SETTINGS, PARTICIPANT_RENAME,
    BOARD_PHASE, BOARD_SETTINGS, BOARD_TIMER,
    GROUP_COMBINE, GROUP_MOVE, GROUP_CREATE, GROUP_MERGE, GROUP_RENAME, GROUP_DISSOLVE,
    VOTE_ADD, VOTE_REMOVE, SUGGEST_GET, SUGGEST_DRAFT, SUGGEST_DISMISS, NOTE_CREATE_MANY,
)
SERVER_PUSHES = (
    SNAPSHOT, NOTE_CREATED, NOTE_UPDATED, NOTE_DELETED, WORKSHOP_UPDATED, PRESENCE,
    BOARD_STATE, BOARD_COUNT, BOARD_GROUPED, BOARD_TIMER_UPDATED, VOTES_MINE, VOTES_PROGRESS,
    WORKSHOP_DELETED, ACCESS_REVOKED, SERVER_RESTARTING, SUGGESTIONS, SYNC_STALE,
)
