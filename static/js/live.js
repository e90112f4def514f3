// One live connection to a workshop: the board state kept in step with the server.
//
// The server sends a full snapshot on every (re)connect, then small change
// events that carry the board's version. Events are applied strictly in
// version order; one that arrives early waits briefly for the missing ones,
// and if they do not come the client asks for a fresh snapshot.
import { io } from '../vendor/socket.io/socket.io.esm.min.js';
import { EV } from './protocol.js';
import { t, lang } from './i18n.js';

const GAP_WAIT_MS = 1000;
const REQUEST_TIMEOUT_MS = 10000;
const BOARD_EVENTS = [EV.NOTE_CREATED, EV.NOTE_UPDATED, EV.NOTE_DELETED];

export class Live extends EventTarget {
  constructor(auth) {
    super();
    this.workshop = null;
    this.boards = new Map();
    this.you = null;
    this.presence = 0;
    this.status = 'connecting';
    this.mine = new Set();
    this.early = new Map();
    this.gapTimer = null;
    this.socket = io({ auth: { ...auth, lang }, reconnectionDelayMax: 5000 });
    this.socket.on('connect', () => this._setStatus('connected'));
    this.socket.on('disconnect', () => this._setStatus('reconnecting'));
    this.socket.on('connect_error', (err) => {
      if (err && err.data && err.data.code) this._setStatus('refused', err.data.message);
      else this._setStatus(navigator.onLine ? 'reconnecting' : 'offline');
    });
    this.socket.on(EV.SNAPSHOT, (snapshot) => this._snapshot(snapshot));
    for (const name of BOARD_EVENTS) this.socket.on(name, (p) => this._boardEvent(name, p));
    this.socket.on(EV.WORKSHOP_UPDATED, (p) => this._workshopEvent(p));
    this.socket.on(EV.PRESENCE, (p) => { this.presence = p.count; this._emit('presence'); });
    window.addEventListener('offline', () => this._setStatus('offline'));
    window.addEventListener('online', () => { if (!this.socket.connected) this.socket.connect(); });
  }

  /** Send a request; resolves with the server's acknowledgement (never rejects). */
  request(event, data = {}) {
    return new Promise((resolve) => {
      if (!this.socket.connected) {
        resolve({ ok: false, error: { code: 'offline', message: t('reconnecting') } });
        return;
      }
      this.socket.timeout(REQUEST_TIMEOUT_MS).emit(event, data, (err, ack) => {
        if (err) resolve({ ok: false, error: { code: 'timeout', message: t('reconnecting') } });
        else resolve(ack);
      });
    });
  }

  /** Ask the server for a fresh snapshot (after a gap in versions). */
  async resync() {
    const ack = await this.request(EV.SNAPSHOT_GET);
    if (ack.ok) this._snapshot({ ...ack.snapshot, presence: this.presence });
  }

  currentBoard() {
    return this.workshop ? this.boards.get(this.workshop.current_board_id) : undefined;
  }

  /** Notes of a board in the order they were posted. */
  notesOf(board) {
    return board ? [...board.notes.values()].sort((a, b) => a.id - b.id) : [];
  }

  isMine(note) {
    return note.mine === true || this.mine.has(note.cid);
  }

  /** Remember a note the person on this device posted (by its client id). */
  claim(cid) {
    this.mine.add(cid);
  }

  _snapshot(snapshot) {
    this.workshop = snapshot.workshop;
    this.you = snapshot.you;
    if (typeof snapshot.presence === 'number') this.presence = snapshot.presence;
    this.boards = new Map(snapshot.boards.map((b) => [b.id, {
      ...b, notes: new Map(b.notes.map((n) => [n.id, n])),
    }]));
    for (const board of snapshot.boards) {
      for (const note of board.notes) if (note.mine) this.mine.add(note.cid);
    }
    this.early.clear();
    this._emit('snapshot');
  }

  _boardEvent(name, payload) {
    const board = this.boards.get(payload.board_id);
    if (!board) { this.resync(); return; }
    if (payload.version <= board.version) return;
    if (payload.version > board.version + 1) {
      this.early.set(`${board.id}:${payload.version}`, [name, payload]);
      clearTimeout(this.gapTimer);
      this.gapTimer = setTimeout(() => { if (this.early.size) this.resync(); }, GAP_WAIT_MS);
      return;
    }
    this._apply(board, name, payload);
    let next;
    while ((next = this.early.get(`${board.id}:${board.version + 1}`))) {
      this.early.delete(`${board.id}:${board.version + 1}`);
      this._apply(board, next[0], next[1]);
    }
  }

  _apply(board, name, payload) {
    board.version = payload.version;
    if (name === EV.NOTE_DELETED) board.notes.delete(payload.note_id);
    else {
      const old = board.notes.get(payload.note.id);
      board.notes.set(payload.note.id, { ...payload.note, mine: old?.mine ?? payload.note.mine });
    }
    this._emit(name, payload);
  }

  _workshopEvent(payload) {
    if (!this.workshop || payload.workshop.version <= this.workshop.version) return;
    const before = this.workshop.current_board_id;
    this.workshop = { ...this.workshop, ...payload.workshop };
    this._emit('workshop', { boardChanged: before !== this.workshop.current_board_id });
  }

  _setStatus(status, message = '') {
    this.status = status;
    this.statusMessage = message;
    this._emit('status');
  }

  _emit(kind, detail = {}) {
    this.dispatchEvent(new CustomEvent('change', { detail: { kind, ...detail } }));
  }
}

/** Keep a status line (role=status) in step with the connection. */
export function showStatus(live, node) {
  const texts = {
    connecting: t('reconnecting'),
    connected: t('connected'),
    reconnecting: t('reconnecting'),
    offline: t('offline'),
  };
  live.addEventListener('change', (e) => {
    if (e.detail.kind !== 'status') return;
    node.dataset.state = live.status;
    node.textContent = live.status === 'refused' ? live.statusMessage : texts[live.status];
  });
}

/** A random client id for idempotent writes. */
export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
