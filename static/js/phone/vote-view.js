// Dot voting on the phone: every item (a group, or a note in no group) with a
// big toggle button, or + and − when several dots may go on one item. How
// many dots are left is said politely, only when it changes.
import { EV } from '../protocol.js';
import { el, announce, keepFocus } from '../dom.js';
import { t, tCount } from '../i18n.js';
import { itemKey, itemsOf, itemTitle } from '../board-items.js';
import { newId } from '../live.js';

/** My dots per item key; a dot on a note that was grouped since counts for its group. */
export function myDots(board) {
  const counts = new Map();
  for (const dot of board.votes?.mine || []) {
    let key = itemKey(dot);
    if (dot.kind === 'note') {
      const note = board.notes.get(dot.id);
      if (note && note.group_id !== null && note.group_id !== undefined) key = `g${note.group_id}`;
    }
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  return counts;
}

/** The dot to send back for an item: on the group itself, or on one of its notes. */
function dotToTake(board, item) {
  const mine = board.votes?.mine || [];
  const exact = mine.find((d) => d.kind === item.kind && d.id === item.id);
  if (exact || item.kind !== 'group') return { kind: item.kind, id: item.id };
  const onNote = mine.find((d) => d.kind === 'note' && board.notes.get(d.id)?.group_id === item.id);
  return onNote ? { kind: 'note', id: onNote.id } : { kind: item.kind, id: item.id };
}

export class VoteView {
  constructor(live, root) {
    this.live = live;
    this.list = root.querySelector('#vote-items');
    this.left = root.querySelector('#dots-left');
    this.hint = root.querySelector('#vote-hint');
    this.errors = new Map(); // item key -> message shown next to its button
    this.signature = '';
  }

  async send(item, add) {
    const board = this.live.currentBoard();
    if (!board) return;
    const key = itemKey(item);
    const ack = add
      ? await this.live.request(EV.VOTE_ADD, {
        board_id: board.id, item: { kind: item.kind, id: item.id }, cid: newId(),
      })
      : await this.live.request(EV.VOTE_REMOVE, { board_id: board.id, item: dotToTake(board, item) });
    if (ack.ok) {
      this.errors.clear();
      const current = this.live.currentBoard();
      if (current && current.id === ack.board_id) current.votes = { ...current.votes, mine: ack.mine };
    } else {
      this.errors.set(key, ack.error.message);
      announce(ack.error.message);
    }
    this.render(this.live.currentBoard(), true);
  }

  controls(item, count, multi, titleId) {
    const key = itemKey(item);
    if (!multi) {
      const on = count > 0;
      return el('button', {
        type: 'button', class: `button dot-toggle${on ? ' on' : ''}`, id: `dot-${key}`,
        'aria-pressed': on ? 'true' : 'false', 'aria-describedby': `${titleId} error-${key}`,
        onclick: () => this.send(item, !on),
      }, el('span', { class: 'dot-mark', 'aria-hidden': 'true' }, on ? '●' : '○'),
      on ? t('take_dot_back') : t('give_dot'));
    }
    return el('div', { class: 'dot-stepper' },
      el('button', {
        type: 'button', class: 'button dot-minus', id: `dot-minus-${key}`,
        'aria-label': t('take_dot_back_from', { item: itemTitle(item).slice(0, 60) }),
        'aria-disabled': count ? null : 'true',
        onclick: () => { if (count) this.send(item, false); },
      }, '−'),
      el('span', { class: 'dot-count' }, tCount('dots', count)),
      el('button', {
        type: 'button', class: 'button dot-plus', id: `dot-plus-${key}`,
        'aria-label': t('give_dot_to', { item: itemTitle(item).slice(0, 60) }),
        onclick: () => this.send(item, true),
      }, '+'));
  }

  itemRow(item, count, multi) {
    const key = itemKey(item);
    const titleId = `title-${key}`;
    const error = this.errors.get(key) || '';
    return el('li', {
      class: `vote-item${count ? ' has-dot' : ''}`, dataset: { kind: item.kind, id: item.id },
    },
    el('div', { class: 'vote-item-body' },
      el('p', {
        class: item.kind === 'group' ? 'vote-title group-title' : 'vote-title note-text', id: titleId,
      }, itemTitle(item)),
      item.kind === 'group'
        ? el('details', { class: 'group-notes-summary' },
          el('summary', {}, tCount('notes', item.notes.length)),
          el('ul', {}, item.notes.map((n) => el('li', {}, n.text))))
        : null),
    el('div', { class: 'vote-controls' }, this.controls(item, count, multi, titleId)),
    el('p', { class: 'field-error', id: `error-${key}` }, error));
  }

  render(board, force = false) {
    const notes = this.live.notesOf(board);
    const items = itemsOf(notes, board);
    const dots = myDots(board);
    const budget = board.settings.vote_budget;
    const used = (board.votes?.mine || []).length;
    const multi = board.settings.multi_dots;
    const signature = JSON.stringify([items.map((i) => [itemKey(i), itemTitle(i), i.notes.length]),
      [...dots], budget, multi, board.settings.locked, [...this.errors]]);
    this.hint.textContent = board.settings.locked ? t('board_locked_hint')
      : t(multi ? 'vote_hint_multi' : 'vote_hint', { n: budget });
    const text = t('dots_left', { left: Math.max(0, budget - used), budget });
    if (this.left.textContent !== text) this.left.textContent = text;
    if (!force && signature === this.signature) return;
    this.signature = signature;
    for (const key of this.errors.keys()) {
      if (!items.some((i) => itemKey(i) === key)) this.errors.delete(key);
    }
    keepFocus(() => this.list.replaceChildren(...(items.length
      ? items.map((item) => this.itemRow(item, dots.get(itemKey(item)) || 0, multi))
      : [el('li', { class: 'empty' }, t('nothing_to_vote_on'))])));
  }
}
