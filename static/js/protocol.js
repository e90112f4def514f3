// The event vocabulary, mirrored from app/domain/events.py (a test keeps them equal).
export const EV = Object.freeze({
  SNAPSHOT_GET: 'snapshot:get',
  NOTE_CREATE: 'note:create',
  NOTE_UPDATE: 'note:update',
  NOTE_DELETE: 'note:delete',
  WORKSHOP_SHOW_BOARD: 'workshop:show_board',
  WORKSHOP_SETTINGS: 'workshop:settings',
  PARTICIPANT_RENAME: 'participant:rename',
  SNAPSHOT: 'snapshot',
  NOTE_CREATED: 'note:created',
  NOTE_UPDATED: 'note:updated',
  NOTE_DELETED: 'note:deleted',
  WORKSHOP_UPDATED: 'workshop:updated',
  PRESENCE: 'presence',
});

export const NOTE_MAX_CHARS = 280;
