// The settings of the current board: hidden writing and reveal, late notes,
// grouping on phones, dots per person, several dots per item, live counts,
// lock. A refused change is undone on screen and the reason shown. Reveal and
// lock are also in the sticky bar (`quick`), within reach on a phone.
import { EV } from '../protocol.js';
import { announce } from '../dom.js';
import { t } from '../i18n.js';

const MAX_BUDGET = 50;

export class BoardSettings {
  constructor(live, root, { revealBox, lock, quickError }) {
    this.live = live;
    this.root = root;
    this.error = root.querySelector('#settings-error');
    this.budget = root.querySelector('#vote-budget');
    this.revealBox = revealBox;
    this.reveal = revealBox.querySelector('#reveal-notes');
    this.lock = lock;
    this.quickError = quickError;
    lock.addEventListener('click', async () => {
      const locked = lock.getAttribute('aria-pressed') !== 'true';
      const ack = await this.save({ locked }, this.quickError);
      if (ack.ok) announce(locked ? t('board_locked_said') : t('board_unlocked_said'));
    });
    this.pending = new Set(); // settings sent and not yet answered: a redraw leaves them be
    for (const box of root.querySelectorAll('input[type=checkbox][data-setting]')) {
      box.addEventListener('change', async () => {
        this.pending.add(box.dataset.setting);
        await this.save({ [box.dataset.setting]: box.checked });
        this.pending.delete(box.dataset.setting);
      });
    }
    this.budget.addEventListener('change', () => this.saveBudget());
    this.budget.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); this.saveBudget(); }
    });
    this.reveal.addEventListener('click', async () => {
      const ack = await this.save({ notes_hidden: false }, this.quickError);
      if (ack.ok) announce(t('notes_revealed'));
    });
  }

  saveBudget() {
    const value = Number(this.budget.value);
    const board = this.live.currentBoard();
    if (!Number.isInteger(value) || value < 1 || value > MAX_BUDGET) {
      this.budget.setAttribute('aria-invalid', 'true');
      this.error.textContent = t('budget_range', { limit: MAX_BUDGET });
      return;
    }
    this.budget.setAttribute('aria-invalid', 'false');
    if (board && value !== board.settings.vote_budget) this.save({ vote_budget: value });
  }

  /** Send a change; a refusal is shown at `errorNode` (the panel's, or the bar's). */
  async save(settings, errorNode = this.error) {
    const board = this.live.currentBoard();
    if (!board) return { ok: false };
    const ack = await this.live.request(EV.BOARD_SETTINGS, { board_id: board.id, settings });
    if (ack.ok) {
      this.error.textContent = '';
      this.quickError.textContent = '';
    } else {
      errorNode.textContent = ack.error.message;
      announce(ack.error.message);
      for (const key of Object.keys(settings)) this.pending.delete(key); // undo on screen too
      this.render(this.live.currentBoard());
    }
    return ack;
  }

  render(board) {
    const s = board.settings;
    for (const box of this.root.querySelectorAll('input[type=checkbox][data-setting]')) {
      if (!this.pending.has(box.dataset.setting)) box.checked = Boolean(s[box.dataset.setting]);
    }
    if (document.activeElement !== this.budget) {
      this.budget.value = s.vote_budget;
      this.budget.setAttribute('aria-invalid', 'false');
    }
    const waiting = s.notes_hidden && !s.revealed && board.phase === 'write';
    this.revealBox.hidden = !waiting;
    this.lock.setAttribute('aria-pressed', s.locked ? 'true' : 'false');
    this.root.dataset.phase = board.phase;
  }
}
