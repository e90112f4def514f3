// The group phase on the phone: the groups with their notes, and the notes in
// no group. Where the board lets participants group, each note has a simple
// "Move to…" choice; a refusal is shown next to it.
import { EV } from '../protocol.js';
import { el, announce, keepFocus } from '../dom.js';
import { t, tCount } from '../i18n.js';
import { grouped, groupTitle } from '../board-items.js';

export class GroupView {
  constructor(live, root) {
    this.live = live;
    this.root = root.querySelector('#phone-groups');
    this.hint = root.querySelector('#group-hint');
    this.errors = new Map(); // note id -> message
    this.signature = '';
  }

  async move(note, value) {
    let ack;
    if (value === 'new') {
      ack = await this.live.request(EV.GROUP_CREATE, { note_ids: [note.id], title: '' });
    } else {
      const groupId = value === '' ? null : Number(value);
      ack = await this.live.request(EV.GROUP_MOVE, { note_id: note.id, group_id: groupId });
    }
    if (ack.ok) {
      this.errors.delete(note.id);
      announce(t('note_moved'));
    } else {
      this.errors.set(note.id, ack.error.message);
      announce(ack.error.message);
    }
    this.render(this.live.currentBoard(), true);
  }

  mover(note, groups) {
    const id = `move-${note.id}`;
    const select = el('select', {
      id, 'aria-describedby': `move-error-${note.id}`,
      onchange: (event) => this.move(note, event.target.value),
    },
    el('option', { value: '' }, t('no_group')),
    groups.map((g) => el('option', { value: g.id }, groupTitle(g))),
    el('option', { value: 'new' }, t('new_group')));
    select.value = note.group_id === null || note.group_id === undefined ? '' : String(note.group_id);
    return el('div', { class: 'mover' },
      // Every note has a "Move to" choice: the hidden part says which note it moves.
      el('label', { for: id }, t('move_to'), el('span', { class: 'visually-hidden' }, `: ${note.text.slice(0, 60)}`)), select,
      el('p', { class: 'field-error', id: `move-error-${note.id}` }, this.errors.get(note.id) || ''));
  }

  noteItem(note, groups, canMove, mine) {
    return el('li', { class: `note${mine ? ' mine' : ''}`, dataset: { id: note.id } },
      el('p', { class: 'note-text' }, note.text),
      mine ? el('p', { class: 'note-meta' }, el('span', { class: 'note-mine' }, t('mine'))) : null,
      canMove ? this.mover(note, groups) : null);
  }

  render(board, force = false) {
    const notes = this.live.notesOf(board);
    const s = board.settings;
    const canMove = board.phase === 'group' && s.participants_group && !s.locked;
    const { groups, ungrouped } = grouped(notes, board);
    const shown = groups.filter((g) => g.notes.length);
    this.hint.textContent = canMove ? t('phone_group_hint') : t('phone_group_watch');
    const signature = JSON.stringify([canMove, board.groups, notes.map((n) => [n.id, n.text, n.group_id]),
      [...this.errors]]);
    if (!force && signature === this.signature) return;
    this.signature = signature;
    const item = (n) => this.noteItem(n, board.groups, canMove, this.live.isMine(n));
    keepFocus(() => this.root.replaceChildren(
      ...shown.map(({ group, notes: inGroup }) => el('section', {
        class: 'phone-group', dataset: { groupId: group.id }, 'aria-labelledby': `pg-${group.id}`,
      },
      el('h3', { id: `pg-${group.id}` },
        el('span', { class: 'group-title' }, groupTitle(group)), ' ',
        el('span', { class: 'count' }, `(${tCount('notes', inGroup.length)})`)),
      el('ul', { class: 'note-list compact' }, inGroup.map(item)))),
      el('section', { class: 'phone-group ungrouped', id: 'ungrouped', 'aria-labelledby': 'pg-none' },
        el('h3', { id: 'pg-none' }, t('ungrouped'), ' ',
          el('span', { class: 'count' }, `(${tCount('notes', ungrouped.length)})`)),
        el('ul', { class: 'note-list compact' },
          ungrouped.length ? ungrouped.map(item) : el('li', { class: 'empty' }, t('all_grouped')))),
    ));
  }
}
