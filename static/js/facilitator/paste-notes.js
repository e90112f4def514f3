// Many notes at once, for people without a phone: the facilitator pastes or
// types the paper notes collected in the room, one per line, sees them as a
// preview (how many, which lines are too long) and adds them in one step
// (note:create_many, docs/protocol.md). Each line keeps its client id while
// its text is unchanged, so pressing Add again after a lost answer adds
// nothing twice.
import { EV, NOTE_MAX_CHARS } from '../protocol.js';
import { el, announce } from '../dom.js';
import { t, tCount } from '../i18n.js';
import { length } from '../notes.js';
import { newId } from '../live.js';

export const MAX_BATCH_NOTES = 200;

/** The notes in a pasted text: one per line, blank lines left out. */
export function pastedLines(text) {
  return text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

export class PasteNotes {
  constructor(live, form) {
    this.live = live;
    this.form = form;
    this.text = form.querySelector('#paste-text');
    this.summary = form.querySelector('#paste-summary');
    this.preview = form.querySelector('#paste-preview');
    this.button = form.querySelector('#paste-add');
    this.error = form.querySelector('#paste-error');
    this.cids = new Map(); // "<line number>:<text>" -> client id
    this.text.addEventListener('input', () => this.update());
    form.addEventListener('submit', (event) => { event.preventDefault(); this.send(); });
    this.update();
  }

  cid(index, line) {
    const key = `${index}:${line}`;
    if (!this.cids.has(key)) this.cids.set(key, newId());
    return this.cids.get(key);
  }

  update() {
    const lines = pastedLines(this.text.value);
    const long = lines.map((line, i) => [i, length(line) - NOTE_MAX_CHARS]).filter(([, over]) => over > 0);
    this.preview.hidden = lines.length === 0;
    this.preview.replaceChildren(...lines.map((line, i) => {
      const over = length(line) - NOTE_MAX_CHARS;
      return el('li', { class: `paste-line${over > 0 ? ' too-long' : ''}` },
        el('span', { class: 'paste-line-text' }, line),
        over > 0 ? el('span', { class: 'paste-flag' }, t('too_long', { n: over })) : null);
    }));
    let said;
    if (!lines.length) said = t('paste_none');
    else if (lines.length > MAX_BATCH_NOTES) said = t('paste_too_many', { limit: MAX_BATCH_NOTES });
    else if (long.length) said = tCount('paste_long_lines', long.length);
    else said = tCount('paste_ready', lines.length);
    this.summary.textContent = said;
    this.summary.classList.toggle('over', long.length > 0 || lines.length > MAX_BATCH_NOTES);
    this.text.setAttribute('aria-invalid', long.length || lines.length > MAX_BATCH_NOTES ? 'true' : 'false');
    const ready = lines.length > 0 && lines.length <= MAX_BATCH_NOTES && !long.length;
    this.button.disabled = !ready;
    this.button.textContent = ready ? tCount('paste_add', lines.length) : t('paste_add_none');
    return ready ? lines : null;
  }

  async send() {
    const lines = this.update();
    if (!lines) { this.text.focus(); return; }
    const notes = lines.map((text, i) => ({ text, cid: this.cid(i, text) }));
    this.button.disabled = true;
    this.error.textContent = '';
    const ack = await this.live.request(EV.NOTE_CREATE_MANY, {
      board_id: this.live.currentBoard()?.id, notes,
    });
    if (ack.ok) {
      this.text.value = '';
      this.cids.clear();
      this.update();
      announce(tCount('paste_added', ack.notes.length));
      this.summary.textContent = tCount('paste_added', ack.notes.length);
    } else {
      this.update();
      this.error.textContent = ack.error.message;
      announce(ack.error.message);
    }
    this.text.focus();
  }
}
