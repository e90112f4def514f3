// Keys typed while a new group is on its way from the server.
//
// "New group" is one round trip before the group's name field exists. People
// start typing the name straight away, so the letters typed in that moment
// are kept here and put into the field when it gets the focus, instead of
// being lost (or toggling the selection of the note that has the focus).

const WAIT_MS = 8000;

export class TypeAhead {
  constructor() {
    this.buffer = null;
    this.enter = false;
    this.until = 0;
    this.onKey = (event) => this.key(event);
  }

  /** Start keeping keys (until `take()`, `stop()` or a few seconds pass). */
  start() {
    this.stop();
    this.buffer = '';
    this.enter = false;
    this.until = Date.now() + WAIT_MS;
    document.addEventListener('keydown', this.onKey, true);
  }

  get active() {
    return this.buffer !== null && Date.now() <= this.until;
  }

  key(event) {
    if (!this.active) { this.stop(); return; }
    // Typing into another field, or a shortcut: that is not the group's name.
    if (event.target.matches?.('input, textarea, select, [contenteditable]')
        || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) {
      this.stop();
      return;
    }
    if (event.key.length === 1) this.buffer += event.key;
    else if (event.key === 'Backspace') this.buffer = this.buffer.slice(0, -1);
    else if (event.key === 'Enter' && this.buffer) this.enter = true;
    else if (event.key !== 'Shift' && event.key !== 'Enter') { this.stop(); return; }
    event.preventDefault();
    event.stopPropagation();
  }

  /** Put what was typed into `field` (which has the focus); true if Enter was pressed too. */
  fill(field) {
    if (!this.active) { this.stop(); return false; }
    const { buffer, enter } = this;
    this.stop();
    if (!buffer) return false;
    field.value = `${field.value}${buffer}`;
    field.setSelectionRange?.(field.value.length, field.value.length);
    field.dispatchEvent(new Event('input', { bubbles: true }));
    return enter;
  }

  stop() {
    this.buffer = null;
    this.enter = false;
    document.removeEventListener('keydown', this.onKey, true);
  }
}
