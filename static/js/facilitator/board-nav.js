// Finding one's way on the grouping board: arrow keys between notes, and
// what a pointer is over while dragging.

/**
 * Arrow keys on a note: up/down within its column, left/right to the next
 * column (same row, or its last note), Home/End to the ends of the column,
 * the context-menu key or Shift+F10 open the note's actions.
 * Returns true when the key was handled.
 */
export function arrowKeys(root, event) {
  const pick = event.target.closest?.('.note-pick');
  if (!pick) return false;
  const lists = [...root.querySelectorAll('.group-notes')]
    .map((ul) => [...ul.querySelectorAll('.note-pick')]).filter((l) => l.length);
  const col = lists.findIndex((l) => l.includes(pick));
  const row = lists[col].indexOf(pick);
  let next = null;
  if (event.key === 'ArrowDown') next = lists[col][row + 1];
  else if (event.key === 'ArrowUp') next = lists[col][row - 1];
  else if (event.key === 'Home') next = lists[col][0];
  else if (event.key === 'End') next = lists[col].at(-1);
  else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
    const list = lists[col + (event.key === 'ArrowRight' ? 1 : -1)];
    next = list ? list[Math.min(row, list.length - 1)] : null;
  } else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
    event.preventDefault();
    pick.parentElement.querySelector('.note-menu-button').click();
    return true;
  } else return false;
  event.preventDefault();
  next?.focus();
  return true;
}

/** What a pointerdown on `target` would drag: a note, or a group by its header. */
export function dragSource(root, target) {
  if (root.dataset.mode !== 'edit'
      || target.closest('button.icon-button, input, textarea, form, .note-assist')) {
    return null;
  }
  const note = target.closest('li.note[data-id]');
  if (note?.classList.contains('moderated')) return null;
  if (note) return { kind: 'note', id: Number(note.dataset.id), node: note };
  const head = target.closest('.group-head');
  if (head) {
    const group = head.closest('[data-group-id]');
    return { kind: 'group', id: Number(group.dataset.groupId), node: group };
  }
  return null;
}

/**
 * Where `source` would land over `element`: another note (combine), a group
 * column (move, or merge for a group), or the ungrouped area (out of a group).
 */
export function dropTarget(root, source, element) {
  if (!root.contains(element)) return null;
  if (source.kind === 'note') {
    const note = element.closest('li.note[data-id]:not(.moderated)');
    if (note && Number(note.dataset.id) !== source.id) {
      return { kind: 'note', id: Number(note.dataset.id), node: note };
    }
    if (note) return null;
  }
  const group = element.closest('[data-group-id]');
  if (group) {
    const id = Number(group.dataset.groupId);
    return source.kind === 'group' && id === source.id ? null : { kind: 'group', id, node: group };
  }
  const area = element.closest('#ungrouped');
  if (area && source.kind === 'note') return { kind: 'ungrouped', node: area };
  return null;
}
