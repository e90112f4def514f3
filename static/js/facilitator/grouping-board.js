// The facilitator's grouping board: groups as labelled columns, the
// ungrouped notes in their own area. Grouping works by dragging (drag.js) and
// without: Enter/Space selects a note, its "⋯" menu moves it (or the
// selection), arrow keys move between notes. Every redraw puts the focus
// back on the same note or group (by data-key), never on <body>.
// The grouping help (suggestions.js), when set as `assist`, adds suggested
// groups and "possible duplicate" marks under a note, after its ⋯ button.
import { el, clock } from '../dom.js';
import { t, tCount, lang } from '../i18n.js';
import { grouped, groupTitle } from '../board-items.js';
import { notesPublic } from '../live.js';
import { dragSurface } from './drag.js';
import { GroupingActions } from './grouping-actions.js';
import { focusKey, openMenuKey } from './menu.js';
import { arrowKeys, dragSource, dropTarget } from './board-nav.js';
import { TypeAhead } from './type-ahead.js';

/** A one-line title box that wraps long titles instead of hiding them. */
function fitHeight(textarea) {
  if (CSS.supports('field-sizing', 'content')) return;
  textarea.style.height = 'auto';
  textarea.style.height = `${textarea.scrollHeight + 4}px`;
}

/** Whether the facilitator may group this board now (docs/protocol.md). */
export function canGroup(board) {
  return notesPublic(board) && (board.phase === 'write' || board.phase === 'group');
}

export class GroupingBoard {
  constructor(live, root, { errorNode, selectionBar, topInset }) {
    this.live = live;
    this.root = root;
    this.selected = new Set();
    this.editing = null; // {id, draft}
    this.pendingFocus = null;
    this.sentTitles = new Map(); // group id -> title being saved
    this.deferred = false;
    this.bar = selectionBar;
    this.assist = null; // grouping help (suggestions.js): extras under each note, if set
    this.typeAhead = new TypeAhead(); // the new group's name, typed before its field exists
    this.actions = new GroupingActions(live, this, errorNode);
    this.drag = dragSurface(root, {
      describe: (target) => dragSource(root, target),
      targetAt: (source, element) => dropTarget(root, source, element),
      drop: (source, target) => this.actions.drop(source, target),
      onEnd: () => { if (this.deferred) this.render(); },
      topInset,
    });
    root.addEventListener('keydown', (event) => {
      if (arrowKeys(root, event)) return;
      if (event.key === 'Escape' && this.selected.size && event.target.closest('.note-pick')) {
        this.clearSelection();
      }
    });
    selectionBar.querySelector('#selection-new-group')
      .addEventListener('click', () => this.actions.create(this.selectedIds()));
    selectionBar.querySelector('#selection-move')
      .addEventListener('click', (event) => this.actions.selectionMenu(event.currentTarget));
    selectionBar.querySelector('#selection-clear').addEventListener('click', () => {
      this.clearSelection();
      this.render();
    });
  }

  selectedIds() {
    return [...this.selected];
  }

  clearSelection() {
    this.selected.clear();
    this.renderSelection();
  }

  /** Focus `key` now if it exists, and again after the next redraw. */
  focusAfterRender(key) {
    this.pendingFocus = key;
    if (focusKey(key)) this.focused(key);
  }

  /** A new group's name field got the focus: what was typed meanwhile goes in. */
  focused(key) {
    if (!key.startsWith('group-title:') || !this.typeAhead.active) return;
    const field = document.activeElement;
    if (field?.dataset.key !== key) return;
    if (this.typeAhead.fill(field)) {
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    }
  }

  /** Before a note disappears: the focus goes to the next one (or the one before). */
  focusNeighbour(noteId) {
    const ids = [...this.root.querySelectorAll('li.note[data-id]')].map((li) => Number(li.dataset.id));
    const at = ids.indexOf(noteId);
    const next = ids[at + 1] ?? ids[at - 1];
    this.pendingFocus = next === undefined ? null : `note-menu:${next}`;
  }

  keys() {
    return [...this.root.querySelectorAll('[data-key]')].map((n) => n.dataset.key);
  }

  startEdit(noteId) {
    const note = this.live.currentBoard()?.notes.get(noteId);
    if (!note) return;
    this.editing = { id: noteId, draft: note.text, error: '' };
    this.pendingFocus = `note-edit:${noteId}`;
    this.render();
  }

  render() {
    const board = this.live.currentBoard();
    if (!board) return;
    if (this.drag.isDragging()) { this.deferred = true; return; }
    this.deferred = false;
    const active = document.activeElement;
    const activeKey = this.root.contains(active) ? active.dataset.key : null;
    const at = activeKey ? this.keys().indexOf(activeKey) : -1;
    const typing = active && this.root.contains(active) && active.matches('input, textarea')
      ? { key: activeKey, value: active.value, start: active.selectionStart, end: active.selectionEnd }
      : null;

    const editable = canGroup(board);
    const notes = this.live.notesOf(board);
    for (const id of this.selected) if (!board.notes.has(id) || !editable) this.selected.delete(id);
    if (this.editing && !board.notes.has(this.editing.id)) this.editing = null;
    const { groups, ungrouped } = grouped(notes, board);
    this.root.dataset.mode = editable ? 'edit' : 'readonly';
    this.root.dataset.groups = String(groups.length);
    this.rendering = true;
    this.root.replaceChildren(
      this.ungroupedArea(ungrouped, editable),
      el('div', { class: 'groups', id: 'groups' },
        groups.filter((g) => g.notes.length || editable)
          .map(({ group, notes: inGroup }) => this.groupColumn(group, inGroup, editable))),
    );
    this.rendering = false;
    for (const title of this.root.querySelectorAll('textarea.group-title')) fitHeight(title);
    this.renderSelection();

    let restored = false;
    if (typing) {
      const node = this.root.querySelector(`[data-key="${CSS.escape(typing.key)}"]`);
      if (node) {
        node.value = typing.value;
        node.focus();
        try { node.setSelectionRange(typing.start, typing.end); } catch { /* number inputs */ }
        restored = true;
      }
    }
    const wanted = this.pendingFocus;
    if (wanted && focusKey(wanted)) {
      this.pendingFocus = null;
      this.focused(wanted);
    } else if (!restored && activeKey && !focusKey(activeKey) && at >= 0) {
      const keys = this.keys();
      if (keys.length) focusKey(keys[Math.min(at, keys.length - 1)]);
      else this.root.focus();
    }
    // A menu left open across the redraw still belongs to the new copy of its button.
    const menuKey = openMenuKey();
    const menuButton = menuKey && this.root.querySelector(`[data-key="${CSS.escape(menuKey)}"]`);
    if (menuButton) menuButton.setAttribute('aria-expanded', 'true');
  }

  renderSelection() {
    const n = this.selected.size;
    this.bar.hidden = n === 0;
    this.bar.querySelector('#selection-count').textContent = tCount('selected', n);
    for (const button of this.root.querySelectorAll('.note-pick')) {
      const on = this.selected.has(Number(button.closest('li.note').dataset.id));
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      button.closest('li.note').classList.toggle('selected', on);
    }
  }

  ungroupedArea(notes, editable) {
    return el('section', { id: 'ungrouped', class: 'ungrouped', 'aria-labelledby': 'ungrouped-heading' },
      el('h3', { id: 'ungrouped-heading', class: 'area-heading' },
        t('ungrouped'), ' ', el('span', { class: 'count' }, `(${notes.length})`)),
      el('ul', { class: 'group-notes', 'aria-labelledby': 'ungrouped-heading' },
        notes.length ? notes.map((n) => this.noteItem(n, editable))
          : el('li', { class: 'empty' }, editable ? t('drop_here_to_ungroup') : t('no_notes_yet'))));
  }

  groupColumn(group, notes, editable) {
    const titleId = `group-title-${group.id}`;
    const title = editable
      ? el('textarea', {
        class: 'group-title', id: titleId, rows: 1, placeholder: t('untitled_group'),
        maxlength: 80, autocomplete: 'off', spellcheck: 'true', 'aria-label': t('group_name'),
        dataset: { key: `group-title:${group.id}` },
        oninput: (event) => fitHeight(event.target),
        onkeydown: (event) => {
          if (event.key === 'Enter') { event.preventDefault(); this.commitTitle(event.target, group); }
          if (event.key === 'Escape') { event.target.value = group.title; fitHeight(event.target); }
        },
        onblur: (event) => this.commitTitle(event.target, group),
      }, group.title)
      : el('h3', { class: 'group-title', id: titleId }, groupTitle(group));
    const menu = el('button', {
      type: 'button', class: 'icon-button group-menu-button', 'aria-haspopup': 'menu',
      'aria-expanded': 'false', dataset: { key: `group-menu:${group.id}` },
      'aria-label': t('actions_for_group', { group: groupTitle(group) }),
      onclick: (event) => this.actions.groupMenu(event.currentTarget, group, notes),
    }, '⋯');
    return el('section', {
      class: 'group', dataset: { groupId: group.id },
      'aria-label': `${groupTitle(group)} (${tCount('notes', notes.length)})`,
    },
    el('div', { class: 'group-head' },
      editable ? el('span', { class: 'grip', 'aria-hidden': 'true', title: t('drag_group') }, '⠿') : null,
      title,
      el('span', { class: 'group-count', id: `gc-${group.id}` }, tCount('notes', notes.length)),
      editable ? menu : null),
    el('ul', { class: 'group-notes' }, notes.map((n) => this.noteItem(n, editable))));
  }

  commitTitle(input, group) {
    if (this.rendering) return;
    const title = input.value.trim();
    const current = this.live.currentBoard()?.groups.find((g) => g.id === group.id);
    if (!current || title === (current.title || '')) { this.sentTitles.delete(group.id); return; }
    if (this.sentTitles.get(group.id) === title) return; // Enter, then blur: once is enough
    this.sentTitles.set(group.id, title);
    this.actions.rename(group.id, title).then(() => this.sentTitles.delete(group.id));
  }

  noteItem(note, editable) {
    const pickable = editable && !note.hidden;
    const selected = this.selected.has(note.id);
    const classes = ['note', note.hidden ? 'moderated' : '', selected ? 'selected' : ''];
    if (this.editing && this.editing.id === note.id) {
      return el('li', { class: classes.join(' '), dataset: { id: note.id } }, this.editForm(note));
    }
    const body = [
      el('span', { class: 'note-text' }, note.text),
      el('span', { class: 'note-meta' },
        note.name ? el('span', { class: 'note-name' }, note.name) : null,
        note.hidden ? el('span', { class: 'note-flag' }, t('hidden_flag')) : null,
        el('time', { datetime: note.created_at }, clock(note.created_at, lang))),
    ];
    const main = pickable
      ? el('button', {
        type: 'button', class: 'note-pick', 'aria-pressed': selected ? 'true' : 'false',
        dataset: { key: `note:${note.id}` },
        onclick: () => this.toggle(note.id),
      }, body)
      : el('div', { class: 'note-body' }, body);
    return el('li', { class: classes.join(' '), dataset: { id: note.id } }, main,
      el('button', {
        type: 'button', class: 'icon-button note-menu-button', 'aria-haspopup': 'menu',
        'aria-expanded': 'false', dataset: { key: `note-menu:${note.id}` },
        'aria-label': t('actions_for_note', { text: note.text.slice(0, 60) }),
        onclick: (event) => this.actions.noteMenu(event.currentTarget, note, pickable),
      }, '⋯'),
      this.assist ? this.assist.noteHelp(note, pickable) : null);
  }

  editForm(note) {
    const id = `note-edit-${note.id}`;
    const error = el('p', { class: 'field-error', role: 'alert' }, this.editing.error);
    const textarea = el('textarea', {
      id, rows: 3, dataset: { key: `note-edit:${note.id}` },
      oninput: (event) => { this.editing.draft = event.target.value; },
      onkeydown: (event) => { if (event.key === 'Escape') this.stopEdit(note.id); },
    }, this.editing.draft);
    const form = el('form', { class: 'edit-form', novalidate: true },
      el('label', { for: id, class: 'visually-hidden' }, t('edit')), textarea, error,
      el('div', { class: 'note-actions' },
        el('button', {
          type: 'submit', class: 'button small primary', dataset: { key: `note-save:${note.id}` },
        }, t('save')),
        el('button', {
          type: 'button', class: 'button small secondary', dataset: { key: `note-cancel:${note.id}` },
          onclick: () => this.stopEdit(note.id),
        }, t('cancel'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const ack = await this.actions.update(note, this.editing.draft);
      if (ack.ok) this.stopEdit(note.id);
      else if (this.editing) {
        this.editing.error = ack.error.message;
        error.textContent = ack.error.message;
      }
    });
    return form;
  }

  stopEdit(noteId) {
    this.editing = null;
    this.pendingFocus = `note-menu:${noteId}`;
    this.render();
  }

  toggle(noteId) {
    if (this.selected.has(noteId)) this.selected.delete(noteId);
    else this.selected.add(noteId);
    this.renderSelection();
  }
}
