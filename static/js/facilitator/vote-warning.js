// Before voting starts with many notes outside any group: a modal dialog
// (<dialog>, so the focus is kept inside and Escape cancels) that says how
// many notes will be voted on one by one. "Group first" is the default.
import { tCount } from '../i18n.js';

/** From this many notes outside any group, moving to voting asks first. */
export const UNGROUPED_WARN_AT = 10;

/** Visible notes of a board that are in no group. */
export function ungroupedCount(live, board) {
  return live.notesOf(board).filter((n) => !n.hidden && (n.group_id === null || n.group_id === undefined)).length;
}

export class VoteWarning {
  constructor(dialog) {
    this.dialog = dialog;
    this.text = dialog.querySelector('#vote-warning-text');
  }

  /** Resolves true when voting should start (few ungrouped notes, or the facilitator agreed). */
  confirm(count) {
    if (count < UNGROUPED_WARN_AT) return Promise.resolve(true);
    const before = document.activeElement;
    this.text.textContent = tCount('ungrouped_warning', count);
    this.dialog.returnValue = '';
    return new Promise((resolve) => {
      this.dialog.addEventListener('close', () => {
        if (before && before.isConnected) before.focus();
        resolve(this.dialog.returnValue === 'vote');
      }, { once: true });
      this.dialog.showModal();
      this.dialog.querySelector('#vote-warning-group').focus();
    });
  }
}
