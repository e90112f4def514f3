// Notes typed on this phone that the server has not acknowledged yet.
//
// They are kept in localStorage, so a dead network, a locked screen or a
// reload loses nothing, and sent again in order after every (re)connect. Each
// keeps its client id (cid), so a note whose acknowledgement was lost is
// stored once however often it is sent. A note the server refuses for good
// (posting closed, too long) stays here with the reason until the person
// takes it back into the text field or discards it.
import { EV } from './protocol.js';
import { newId } from './live.js';

// Refusals that say "try again later" rather than "no".
export const TRANSIENT = new Set(['offline', 'timeout', 'server_restarting', 'rate_limited',
  'internal', 'busy']);

export class Outbox extends EventTarget {
  constructor(live, scope) {
    super();
    this.live = live;
    this.key = `verksted.outbox.${scope}`;
    this.items = this._load();
    this.flushing = false;
    for (const item of this.items) live.claim(item.cid);
    live.addEventListener('change', (event) => {
      if (event.detail.kind === 'snapshot') this.flush();
    });
  }

  /** Items not yet stored on the server: {cid, board_id, text, state, error}. */
  list() {
    return [...this.items];
  }

  /** Queue a note and try to send it now; resolves with {cid, ack}. */
  async post(boardId, text) {
    const item = { cid: newId(), board_id: boardId, text, state: 'waiting', error: '' };
    this.live.claim(item.cid);
    this.items.push(item);
    this._save();
    const ack = await this._send(item);
    return { cid: item.cid, ack };
  }

  /** Forget an item (sent elsewhere, discarded, or taken back into the text field). */
  discard(cid) {
    this.items = this.items.filter((item) => item.cid !== cid);
    this._save();
  }

  /** Send every waiting item in order; stops at the first "try again later". */
  async flush() {
    if (this.flushing || !this.live.socket.connected) return;
    this.flushing = true;
    try {
      for (const item of this.list()) {
        if (item.state !== 'waiting') continue;
        const ack = await this._send(item);
        if (!ack.ok && TRANSIENT.has(ack.error.code)) break;
      }
    } finally {
      this.flushing = false;
    }
  }

  async _send(item) {
    const ack = await this.live.request(EV.NOTE_CREATE, {
      board_id: item.board_id, text: item.text, cid: item.cid,
    });
    if (ack.ok) {
      this.discard(item.cid);
    } else if (!TRANSIENT.has(ack.error.code)) {
      Object.assign(item, { state: 'refused', error: ack.error.message });
      this._save();
    }
    return ack;
  }

  _load() {
    try {
      const items = JSON.parse(localStorage.getItem(this.key) || '[]');
      return Array.isArray(items) ? items.filter((i) => i && i.cid && typeof i.text === 'string') : [];
    } catch {
      return [];
    }
  }

  _save() {
    try {
      localStorage.setItem(this.key, JSON.stringify(this.items));
    } catch {
      // Storage full or forbidden: the items stay in memory for this page.
    }
    this.dispatchEvent(new CustomEvent('change'));
  }
}
