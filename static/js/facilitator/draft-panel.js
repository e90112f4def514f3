// A first draft of groups for the notes that are not in a group yet
// (suggest:draft): each proposed group with an editable title and its notes,
// to accept (group:create) or reject one at a time. Nothing on the board
// changes until "Accept".
//
// The panel is a region with a heading. Opening it moves the focus to that
// heading; "Close" (or Escape inside the panel) gives the focus back to the
// button that opened it. While it is open it follows the board: a note that
// was grouped meanwhile is marked as such and is left out when accepting.
// The panel is built once per draft and then only updated, so a title being
// typed is never redrawn under the cursor.
import { EV } from '../protocol.js';
import { el, announce } from '../dom.js';
import { t, tCount } from '../i18n.js';
import { canGroup } from './grouping-board.js';

const TITLE_MAX = 80;

function visible(node) {
  return node.checkVisibility ? node.checkVisibility() : node.offsetParent !== null;
}

export class DraftPanel {
  /** `opener` is the button that asks for a draft; `fallback()` takes the focus if it is gone. */
  constructor(live, { opener, fallback }) {
    this.live = live;
    this.opener = opener;
    this.fallback = fallback;
    this.boardId = null;
    this.items = [];
    this.loading = false;
    this.serial = 0;
    this.heading = el('h3', { id: 'draft-heading', tabindex: '-1' }, t('draft_heading'));
    this.status = el('p', { class: 'draft-status', id: 'draft-status' });
    this.error = el('p', { class: 'field-error', id: 'draft-error' });
    this.list = el('ol', { class: 'draft-groups', 'aria-labelledby': 'draft-heading' });
    this.root = el('section', {
      class: 'draft-panel', id: 'draft-panel', 'aria-labelledby': 'draft-heading', hidden: true,
      onkeydown: (event) => {
        if (event.key === 'Escape') { event.preventDefault(); this.close(); }
      },
    },
    this.heading,
    el('p', { class: 'hint' }, t('draft_intro')),
    this.status, this.error, this.list,
    el('div', { class: 'button-row' },
      this.acceptAll = el('button', {
        type: 'button', class: 'button primary', id: 'draft-accept-all',
        onclick: () => this.acceptEvery(),
      }, t('accept_all')),
      el('button', {
        type: 'button', class: 'button secondary', id: 'draft-close', onclick: () => this.close(),
      }, t('close'))));
    opener.addEventListener('click', () => this.open());
  }

  isOpen() {
    return !this.root.hidden;
  }

  /** Ask for a draft of the current board and show it (again, if already open). */
  async open() {
    const board = this.live.currentBoard();
    if (!board || this.loading) return;
    this.loading = true;
    this.opener.setAttribute('aria-busy', 'true');
    const ack = await this.live.request(EV.SUGGEST_DRAFT, { board_id: board.id });
    this.loading = false;
    this.opener.removeAttribute('aria-busy');
    if (this.live.currentBoard()?.id !== board.id) return; // the question changed meanwhile
    if (!ack.ok) {
      // Most often "draft_too_few": say it where the draft would have been.
      this.show(board.id, []);
      this.status.textContent = ack.error.message;
      this.heading.focus();
      announce(ack.error.message);
      return;
    }
    this.show(board.id, ack.draft);
    this.heading.focus();
    announce(ack.draft.length ? tCount('draft_opened', ack.draft.length) : t('draft_empty'));
  }

  show(boardId, draft) {
    this.boardId = boardId;
    this.error.textContent = '';
    this.items = draft.map((group, index) => this.item(group, index));
    this.list.replaceChildren(...this.items.map((item) => item.node));
    this.list.hidden = !this.items.length;
    this.acceptAll.hidden = !this.items.length;
    this.status.textContent = draft.length ? '' : t('draft_empty');
    this.root.hidden = false;
    this.opener.setAttribute('aria-expanded', 'true');
    this.refresh();
  }

  item(group, index) {
    const key = `d${++this.serial}`;
    const item = { key, noteIds: group.note_ids, free: [], busy: false };
    const inputId = `draft-title-${key}`;
    item.input = el('input', {
      id: inputId, type: 'text', maxlength: TITLE_MAX, autocomplete: 'off', spellcheck: 'true',
      value: group.title.slice(0, TITLE_MAX), placeholder: t('untitled_group'),
      oninput: () => this.label(item),
    });
    item.notes = el('ul', { class: 'draft-notes', 'aria-label': t('draft_notes') });
    item.accept = el('button', {
      type: 'submit', class: 'button small primary', id: `draft-accept-${key}`,
    }, t('accept'));
    item.reject = el('button', {
      type: 'button', class: 'button small secondary', id: `draft-reject-${key}`,
      onclick: () => this.reject(item),
    }, t('reject'));
    item.empty = el('p', { class: 'hint draft-empty', hidden: true }, t('draft_all_grouped'));
    // A form, so Enter in the title accepts the group, as it would submit any form.
    const form = el('form', {
      novalidate: true,
      onsubmit: (event) => { event.preventDefault(); this.accept(item); },
    },
    el('h4', { class: 'draft-group-heading' }, t('draft_proposal', { n: index + 1 })),
    el('label', { for: inputId }, t('draft_title_label')),
    item.input, item.notes, item.empty,
    el('div', { class: 'button-row' }, item.accept, item.reject));
    item.node = el('li', { class: 'draft-group', dataset: { draft: key } }, form);
    this.label(item);
    return item;
  }

  /** Names that say which group a button is for (the visible word comes first). */
  label(item) {
    const title = item.input.value.trim() || t('untitled_group');
    item.accept.setAttribute('aria-label', t('accept_group', { title }));
    item.reject.setAttribute('aria-label', t('reject_group', { title }));
  }

  /** Follow the board: which notes of each proposal are still outside a group. */
  refresh() {
    const board = this.live.currentBoard();
    if (!this.isOpen() || !board) return;
    for (const item of this.items) {
      const notes = item.noteIds.map((id) => board.notes.get(id)).filter((n) => n && !n.hidden);
      const free = notes.filter((n) => n.group_id === null || n.group_id === undefined);
      item.free = free.map((n) => n.id);
      item.notes.replaceChildren(...notes.map((n) => {
        const taken = !free.includes(n);
        return el('li', { class: taken ? 'taken' : null, dataset: { id: n.id } },
          el('span', { class: 'draft-note-text' }, n.text),
          taken ? ' ' : null,
          taken ? el('span', { class: 'draft-taken' }, t('draft_already_grouped')) : null);
      }));
      item.empty.hidden = free.length > 0;
      if (!free.length && document.activeElement === item.accept) item.reject.focus();
      item.accept.hidden = !free.length;
    }
  }

  async accept(item) {
    this.refresh();
    if (!item.free.length || item.busy) return;
    item.busy = true;
    const title = item.input.value.trim();
    const noteIds = [...item.free];
    const ack = await this.live.request(EV.GROUP_CREATE, { note_ids: noteIds, title });
    item.busy = false;
    if (!ack.ok) {
      this.error.textContent = ack.error.message;
      announce(ack.error.message);
      return;
    }
    this.error.textContent = '';
    this.drop(item);
    announce(t(noteIds.length === 1 ? 'draft_accepted_one' : 'draft_accepted_many',
      { n: noteIds.length, title: title || t('untitled_group') }));
  }

  /** "Accept all": every proposal still open becomes a group, one request each. */
  async acceptEvery() {
    let made = 0;
    for (const item of [...this.items]) {
      this.refresh();
      if (!item.free.length || item.busy) continue;
      item.busy = true;
      const ack = await this.live.request(EV.GROUP_CREATE,
        { note_ids: [...item.free], title: item.input.value.trim() });
      item.busy = false;
      if (!ack.ok) {
        this.error.textContent = ack.error.message;
        announce(ack.error.message);
        return;
      }
      made += 1;
      this.drop(item);
    }
    this.heading.focus();
    announce(t('draft_accepted_all', { n: made }));
  }

  reject(item) {
    this.drop(item);
    announce(t('draft_rejected'));
  }

  /** Take a proposal out of the panel; the focus goes to the next one (or the heading). */
  drop(item) {
    const at = this.items.indexOf(item);
    if (at < 0) return;
    const hadFocus = item.node.contains(document.activeElement);
    this.items.splice(at, 1);
    item.node.remove();
    if (!this.items.length) {
      this.list.hidden = true;
      this.acceptAll.hidden = true;
      this.status.textContent = t('draft_done');
    }
    if (hadFocus) {
      const next = this.items[at] || this.items[at - 1];
      if (next) next.input.focus();
      else this.heading.focus();
    }
  }

  close() {
    if (!this.isOpen()) return;
    const hadFocus = this.root.contains(document.activeElement);
    this.root.hidden = true;
    this.items = [];
    this.list.replaceChildren();
    this.boardId = null;
    this.opener.setAttribute('aria-expanded', 'false');
    if (hadFocus) {
      (visible(this.opener) ? this.opener : this.fallback()).focus();
    }
  }

  /** The board changed: close on another question or outside grouping, else follow it. */
  update(board) {
    if (!this.isOpen()) return;
    if (board.id !== this.boardId || board.phase !== 'group' || !canGroup(board)) this.close();
    else this.refresh();
  }
}
