// What the facilitator can do to notes and groups: the requests, what is said
// afterwards (politely, through the live region) and the action menus.
import { EV } from '../protocol.js';
import { announce } from '../dom.js';
import { t, tCount } from '../i18n.js';
import { groupTitle } from '../board-items.js';
import { openMenu, focusKey } from './menu.js';

export class GroupingActions {
  /** `board` is the GroupingBoard (selection, editing, focus after redraw). */
  constructor(live, board, errorNode) {
    this.live = live;
    this.board = board;
    this.errorNode = errorNode;
  }

  current() {
    return this.live.currentBoard();
  }

  groupName(id) {
    return groupTitle((this.current()?.groups || []).find((g) => g.id === id));
  }

  /** Send one request; say what happened, or show and say why not. */
  async send(event, data, success) {
    const ack = await this.live.request(event, data);
    if (ack.ok) {
      this.errorNode.textContent = '';
      const said = typeof success === 'function' ? success(ack) : success;
      if (said) announce(said);
    } else {
      this.errorNode.textContent = ack.error.message;
      announce(ack.error.message);
    }
    return ack;
  }

  combine(noteId, ontoId) {
    return this.send(EV.GROUP_COMBINE, { note_id: noteId, onto_note_id: ontoId }, () => {
      const onto = this.current()?.notes.get(ontoId);
      return t('moved_to_group', { group: this.groupName(onto?.group_id) });
    });
  }

  async move(noteIds, groupId) {
    let ack = { ok: true };
    if (!noteIds.length) return ack;
    for (const id of noteIds) {
      ack = await this.send(EV.GROUP_MOVE, { note_id: id, group_id: groupId }, null);
      if (!ack.ok) return ack;
    }
    announce(groupId === null ? tCount('ungrouped_done', noteIds.length)
      : t('moved_to_group', { group: this.groupName(groupId) }));
    return ack;
  }

  async create(noteIds) {
    this.board.typeAhead.start();
    const ack = await this.send(EV.GROUP_CREATE, { note_ids: noteIds, title: '' },
      tCount('group_created', noteIds.length));
    if (!ack.ok) this.board.typeAhead.stop();
    if (ack.ok) {
      this.board.clearSelection();
      // Name the new theme straight away.
      if (ack.group_id) this.board.focusAfterRender(`group-title:${ack.group_id}`);
    }
    return ack;
  }

  merge(groupId, intoId) {
    const into = this.groupName(intoId);
    return this.send(EV.GROUP_MERGE, { group_id: groupId, into_group_id: intoId },
      t('merged_into', { group: into }));
  }

  rename(groupId, title) {
    return this.send(EV.GROUP_RENAME, { group_id: groupId, title },
      t('renamed', { group: title || t('untitled_group') }));
  }

  dissolve(groupId, firstNoteId) {
    if (firstNoteId) this.board.focusAfterRender(`note:${firstNoteId}`);
    return this.send(EV.GROUP_DISSOLVE, { group_id: groupId }, t('dissolved'));
  }

  moderate(note, hidden) {
    return this.send(EV.NOTE_MODERATE, { note_id: note.id, hidden },
      hidden ? t('note_hidden') : t('note_shown'));
  }

  async remove(note) {
    if (!window.confirm(t('confirm_delete'))) return;
    this.board.focusNeighbour(note.id);
    await this.send(EV.NOTE_DELETE, { note_id: note.id }, t('deleted'));
  }

  update(note, text) {
    return this.send(EV.NOTE_UPDATE, { note_id: note.id, text }, t('note_saved'));
  }

  /** The notes an action on `note` applies to: the selection if it is in it. */
  targets(note) {
    const selected = this.board.selectedIds();
    return selected.includes(note.id) ? selected : [note.id];
  }

  noteMenu(button, note, canGroup) {
    const board = this.current();
    const ids = this.targets(note);
    const notes = ids.map((id) => board.notes.get(id)).filter(Boolean);
    const focusNote = () => focusKey(`note:${note.id}`) || focusKey(`note-menu:${note.id}`);
    const items = [];
    if (canGroup) {
      const groups = board.groups.filter((g) => notes.some((n) => n.group_id !== g.id));
      const suggested = this.board.assist?.menuItem(note, ids);
      if (suggested) items.push(suggested);
      items.push({
        label: tCount('move_to_group', ids.length),
        disabled: !groups.length,
        submenu: () => groups.map((g) => ({
          label: groupTitle(g),
          manageFocus: true,
          onSelect: () => { focusNote(); this.move(ids, g.id); },
        })),
      }, {
        label: tCount('new_group_with', ids.length),
        manageFocus: true,
        onSelect: () => { focusNote(); this.create(ids); },
      }, {
        label: t('remove_from_group'),
        disabled: notes.every((n) => n.group_id === null),
        manageFocus: true,
        onSelect: () => {
          focusNote();
          this.move(notes.filter((n) => n.group_id !== null).map((n) => n.id), null);
        },
      }, { separator: true });
    }
    items.push({
      label: note.hidden ? t('show_note') : t('hide_note'),
      onSelect: () => this.moderate(note, !note.hidden),
    }, {
      label: t('edit'), manageFocus: true, onSelect: () => this.board.startEdit(note.id),
    }, {
      label: t('delete'), danger: true, manageFocus: true, onSelect: () => this.remove(note),
    });
    openMenu(button, items, t('note_actions'));
  }

  groupMenu(button, group, notes) {
    const board = this.current();
    const others = board.groups.filter((g) => g.id !== group.id);
    const selected = this.board.selectedIds().filter((id) => board.notes.get(id)?.group_id !== group.id);
    const items = [{
      label: t('rename'),
      manageFocus: true,
      onSelect: () => {
        const input = document.querySelector(`[data-key="group-title:${group.id}"]`);
        input?.focus();
        input?.select();
      },
    }, {
      label: t('merge_into'),
      disabled: !others.length,
      submenu: () => others.map((g) => ({
        label: groupTitle(g),
        manageFocus: true,
        onSelect: () => {
          this.board.focusAfterRender(`group-menu:${g.id}`);
          this.merge(group.id, g.id);
        },
      })),
    }];
    if (selected.length) {
      items.push({
        label: tCount('move_selected_here', selected.length),
        onSelect: () => { this.move(selected, group.id); this.board.clearSelection(); },
      });
    }
    items.push({ separator: true }, {
      label: t('dissolve'), danger: true, manageFocus: true,
      onSelect: () => this.dissolve(group.id, notes[0]?.id),
    });
    openMenu(button, items, t('group_actions'));
  }

  /** The selection bar's "Move selected to…" menu. */
  selectionMenu(button) {
    const ids = this.board.selectedIds();
    const board = this.current();
    openMenu(button, [
      ...board.groups.map((g) => ({
        label: groupTitle(g),
        onSelect: () => { this.move(ids, g.id); this.board.clearSelection(); },
      })),
      { separator: true },
      {
        label: t('remove_from_group'),
        onSelect: () => {
          this.move(ids.filter((id) => board.notes.get(id)?.group_id !== null), null);
          this.board.clearSelection();
        },
      },
    ], tCount('move_to_group', ids.length));
  }

  /** A drag ended over a target (see drag.js). */
  drop(source, target) {
    const board = this.current();
    if (!board) return;
    if (source.kind === 'group') {
      if (target.kind === 'group' && target.id !== source.id) this.merge(source.id, target.id);
      return;
    }
    const note = board.notes.get(source.id);
    if (!note) return;
    if (target.kind === 'note') this.combine(note.id, target.id);
    else if (target.kind === 'group' && note.group_id !== target.id) this.move([note.id], target.id);
    else if (target.kind === 'ungrouped' && note.group_id !== null) this.move([note.id], null);
  }
}
