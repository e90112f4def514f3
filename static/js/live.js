// One live connection to a workshop: the board state kept in step with the server.
//
// The server sends a full snapshot on every (re)connect, then small change
// events that carry the board's version. Events are applied strictly in
// version order; one that arrives early waits briefly for the missing ones,
// and if they do not come the client asks for a fresh snapshot. Some pushes
// carry absolute state without a version (hidden writing, counts, dots):
// those are applied as they come and leave the version alone.
import { io } from '../vendor/socket.io/socket.io.esm.min.js';
import { EV } from './protocol.js';
import { t, lang } from './i18n.js';

const GAP_WAIT_MS = 1000;
const REQUEST_TIMEOUT_MS = 10000;
const NOTE_EVENTS = [EV.NOTE_CREATED, EV.NOTE_UPDATED, EV.NOTE_DELETED];
const VERSIONED = [...NOTE_EVENTS, EV.BOARD_STATE, EV.BOARD_GROUPED, EV.BOARD_TIMER_UPDATED];

/** Whether every screen sees every note of this board right now (see docs/protocol.md). */
export function notesPublic(board) {
  const s = board.settings || {};
  return !s.notes_hidden || s.revealed || board.phase !== 'write';
}

export class Live extends EventTarget {
  constructor(auth) {
    super();
    this.role = auth.role;
    this.workshop = null;
    this.boards = new Map();
    this.you = null;
    this.presence = 0;
    this.status = 'connecting';
    this.mine = new Set();
    this.early = new Map();
    this.gapTimer = null;
    this.clockOffset = 0; // server time minus this device's time, in ms
    this.socket = io({ auth: { ...auth, lang }, reconnectionDelayMax: 5000 });
    this.socket.on('connect', () => {
      // After a REconnect, ask once more a little later: a change committed on another
      // worker while this socket moved can miss both its event and the snapshot read
      // at the moment of joining. Spread out, so a restarted worker's phones do not
      // all ask at once (the snapshot read is shared: services/snapshots.py).
      if (this.status !== 'connecting') {
        clearTimeout(this.settleTimer);
        this.settleTimer = setTimeout(() => this.resync(), 1500 + Math.random() * 3000);
      }
      this._setStatus('connected');
    });
    this.socket.on('disconnect', (reason) => {
      if (this.status === 'refused') return;
      this._setStatus('reconnecting');
      // The server ended this socket without saying why first: ask again, and a dead
      // link or cookie is then refused with its reason (connect_error below).
      if (reason === 'io server disconnect') this.socket.connect();
    });
    this.socket.on('connect_error', (err) => {
      const code = err && err.data && err.data.code;
      if (code === 'busy') {
        // Every database connection was taken: not a refusal. A refused handshake is
        // not retried by Socket.IO itself, so ask again after a spread-out pause.
        this._setStatus('reconnecting');
        setTimeout(() => this.socket.connect(), 1000 + Math.random() * 2000);
      } else if (code) {
        this.refusedCode = code;
        this._setStatus('refused', err.data.message);
      } else this._setStatus(navigator.onLine ? 'reconnecting' : 'offline');
    });
    this.socket.on(EV.SNAPSHOT, (snapshot) => this._snapshot(snapshot));
    for (const name of VERSIONED) this.socket.on(name, (p) => this._boardEvent(name, p));
    this.socket.on(EV.BOARD_COUNT, (p) => this._unversioned(p, (board) => {
      board.note_count = p.note_count;
    }, EV.BOARD_COUNT));
    this.socket.on(EV.VOTES_MINE, (p) => this._unversioned(p, (board) => {
      board.votes = { ...board.votes, mine: p.mine };
      if (typeof p.budget === 'number') board.settings = { ...board.settings, vote_budget: p.budget };
    }, EV.VOTES_MINE));
    this.socket.on(EV.VOTES_PROGRESS, (p) => this._unversioned(p, (board) => {
      const votes = { ...board.votes, dots: p.dots, voters: p.voters };
      if (p.tally) votes.tally = p.tally;
      else if (board.phase !== 'results') delete votes.tally;
      board.votes = votes;
    }, EV.VOTES_PROGRESS));
    this.socket.on(EV.WORKSHOP_UPDATED, (p) => this._workshopEvent(p));
    this.socket.on(EV.PRESENCE, (p) => {
      this.presence = p.count;
      if (typeof p.joins_per_minute === 'number') this.joinsPerMinute = p.joins_per_minute;
      this._emit('presence');
    });
    // The workshop is gone, or the link this page came with was replaced or switched
    // off: stop for good, saying why (in this page's language when it knows the reason).
    this.socket.on(EV.WORKSHOP_DELETED, () => this._end('workshop_deleted'));
    this.socket.on(EV.ACCESS_REVOKED, (p) => this._end(p?.code || 'access_revoked', p?.message));
    // A graceful restart: the socket reconnects by itself; say so meanwhile.
    this.socket.on(EV.SERVER_RESTARTING, () => this._setStatus('reconnecting'));
    // The server's link between workers dropped for a while: events may be missing
    // (even the last ones, which no later version would reveal). Fetch a snapshot.
    this.socket.on(EV.SYNC_STALE, () => this.resync());
    // The device says it has no network: stop trying until it says it is back.
    window.addEventListener('offline', () => {
      this.socket.disconnect();
      this._setStatus('offline');
    });
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

  /** The server's clock now, in ms since the epoch (timers count down to it). */
  serverNow() {
    return Date.now() + this.clockOffset;
  }

  /** Seconds left on a board's timer (0 when over; null when stopped). */
  timerLeft(timer) {
    if (!timer || timer.state === 'stopped') return null;
    if (timer.state === 'paused') return Math.max(0, timer.remaining || 0);
    return Math.max(0, (Date.parse(timer.ends_at) - this.serverNow()) / 1000);
  }

  _clock(iso) {
    const server = Date.parse(iso || '');
    if (!Number.isNaN(server)) this.clockOffset = server - Date.now();
  }

  _board(raw, old) {
    const board = { ...raw, notes: new Map(raw.notes.map((n) => [n.id, n])) };
    if (!old) return board;
    // Broadcast shapes carry no personal parts: keep what was ours.
    for (const [id, note] of board.notes) {
      const before = old.notes.get(id);
      if (before && before.mine !== undefined && note.mine === undefined) {
        board.notes.set(id, { ...note, mine: before.mine });
      }
    }
    if (this.role === 'participant') {
      if (!notesPublic(board)) {
        for (const [id, note] of old.notes) {
          if (this.isMine(note) && !board.notes.has(id)) board.notes.set(id, note);
        }
      }
      if (!board.votes || !Array.isArray(board.votes.mine)) {
        board.votes = { ...(board.votes || {}), mine: old.votes?.mine || [] };
      }
    }
    return board;
  }

  _snapshot(snapshot) {
    this.workshop = snapshot.workshop;
    this.you = snapshot.you;
    this._clock(snapshot.server_now);
    if (typeof snapshot.presence === 'number') this.presence = snapshot.presence;
    // A snapshot read just before a change can arrive after that change's event: with
    // several workers they travel different ways. A board already held at a newer
    // version (built from an earlier snapshot and every event after it, in order)
    // is kept as it is; replacing it would lose that change for good, as no later
    // version would show a gap.
    const held = this.boards;
    this.boards = new Map(snapshot.boards.map((b) => {
      const mine = held.get(b.id);
      return [b.id, mine && mine.version > b.version ? mine : this._board(b)];
    }));
    for (const board of snapshot.boards) {
      for (const note of board.notes) if (note.mine) this.mine.add(note.cid);
    }
    const waiting = [...this.early.values()];
    this.early.clear();
    this._emit('snapshot');
    // Events already here that are newer than this snapshot still apply after it (in
    // version order; one still not next waits again, and a lasting gap asks again).
    waiting.sort((a, b) => a[1].version - b[1].version);
    for (const [name, payload] of waiting) {
      const board = this.boards.get(payload.board_id);
      if (board && payload.version > board.version) this._boardEvent(name, payload);
    }
  }

  _unversioned(payload, change, kind) {
    const board = this.boards.get(payload.board_id);
    if (!board) return;
    change(board);
    this._emit(kind, payload);
  }

  _boardEvent(name, payload) {
    const board = this.boards.get(payload.board_id);
    if (!board) { this.resync(); return; }
    if (typeof payload.version !== 'number') {
      // Hidden writing: only the author and the facilitator get these, unversioned.
      this._applyNote(board, name, payload);
      this._emit(name, payload);
      return;
    }
    if (payload.version <= board.version) return;
    if (payload.version > board.version + 1) {
      this.early.set(`${board.id}:${payload.version}`, [name, payload]);
      clearTimeout(this.gapTimer);
      this.gapTimer = setTimeout(() => { if (this.early.size) this.resync(); }, GAP_WAIT_MS);
      return;
    }
    this._apply(board, name, payload);
    let next;
    while ((next = this.early.get(`${board.id}:${this._version(board.id) + 1}`))) {
      this.early.delete(`${board.id}:${this._version(board.id) + 1}`);
      this._apply(this.boards.get(board.id), next[0], next[1]);
    }
  }

  _version(boardId) {
    return this.boards.get(boardId).version;
  }

  _apply(board, name, payload) {
    if (name === EV.BOARD_STATE) {
      const fresh = this._board(payload.board, board);
      fresh.version = payload.version;
      this._clock(payload.board.timer?.server_now);
      this.boards.set(board.id, fresh);
    } else {
      board.version = payload.version;
      if (name === EV.BOARD_GROUPED) {
        board.groups = payload.groups;
        for (const [noteId, groupId] of Object.entries(payload.moves || {})) {
          const note = board.notes.get(Number(noteId));
          if (note) board.notes.set(note.id, { ...note, group_id: groupId });
        }
      } else if (name === EV.BOARD_TIMER_UPDATED) {
        board.timer = payload.timer;
        this._clock(payload.timer.server_now);
      } else {
        this._applyNote(board, name, payload);
      }
    }
    this._emit(name, payload);
  }

  _applyNote(board, name, payload) {
    if (name === EV.NOTE_DELETED) board.notes.delete(payload.note_id);
    else {
      const old = board.notes.get(payload.note.id);
      board.notes.set(payload.note.id, { ...payload.note, mine: old?.mine ?? payload.note.mine });
    }
  }

  _workshopEvent(payload) {
    if (!this.workshop || payload.workshop.version <= this.workshop.version) return;
    const before = this.workshop.current_board_id;
    this.workshop = { ...this.workshop, ...payload.workshop };
    this._emit('workshop', { boardChanged: before !== this.workshop.current_board_id });
    if (payload.resync) this.resync();
  }

  _end(code, fallback) {
    this.socket.disconnect();
    this.refusedCode = code;
    const said = t(code);
    this._setStatus('refused', said !== code ? said : (fallback || t('access_revoked')));
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
