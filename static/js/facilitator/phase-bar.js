// The phase stepper of the current board: Write, Group, Vote, Results.
// Any step can be chosen (back as well as forward); aria-current marks the
// board's phase, so it is not told by colour alone. Moving from writing or
// grouping to voting may ask first (`confirmVote`, see vote-warning.js).
import { EV, PHASES } from '../protocol.js';
import { announce } from '../dom.js';
import { t } from '../i18n.js';

export class PhaseBar {
  constructor(live, root, { help, confirmVote = async () => true } = {}) {
    this.live = live;
    this.root = root;
    this.confirmVote = confirmVote;
    this.error = root.querySelector('#phase-error');
    this.help = help;
    this.back = root.querySelector('#phase-back');
    this.next = root.querySelector('#phase-next');
    this.shown = null;
    for (const button of root.querySelectorAll('[data-phase]')) {
      button.addEventListener('click', () => this.go(button.dataset.phase));
    }
    this.back.addEventListener('click', () => this.step(-1));
    this.next.addEventListener('click', () => this.step(1));
  }

  step(delta) {
    const board = this.live.currentBoard();
    const phase = PHASES[PHASES.indexOf(board?.phase) + delta];
    if (phase) this.go(phase);
  }

  async go(phase) {
    const board = this.live.currentBoard();
    if (!board || board.phase === phase) return;
    const early = PHASES.indexOf(board.phase) < PHASES.indexOf('vote');
    if (phase === 'vote' && early && !(await this.confirmVote(board))) return;
    const ack = await this.live.request(EV.BOARD_PHASE, { board_id: board.id, phase });
    this.error.textContent = ack.ok ? '' : ack.error.message;
    if (!ack.ok) announce(ack.error.message);
  }

  render(board) {
    const at = PHASES.indexOf(board.phase);
    for (const button of this.root.querySelectorAll('[data-phase]')) {
      const index = PHASES.indexOf(button.dataset.phase);
      if (index === at) button.setAttribute('aria-current', 'step');
      else button.removeAttribute('aria-current');
      button.closest('li').dataset.state = index < at ? 'done' : index === at ? 'current' : 'todo';
    }
    this.back.disabled = at <= 0;
    this.next.disabled = at >= PHASES.length - 1;
    this.back.textContent = at > 0 ? `← ${t(`phase_${PHASES[at - 1]}`)}` : `← ${t('back')}`;
    this.next.textContent = at < PHASES.length - 1 ? `${t(`phase_${PHASES[at + 1]}`)} →` : `${t('next')} →`;
    if (this.help) this.help.textContent = t(`help_${board.phase}`);
    const key = `${board.id}:${board.phase}`;
    if (this.shown && this.shown !== key && this.shown.split(':')[0] === String(board.id)) {
      announce(t('phase_now', { phase: t(`phase_${board.phase}`) }));
    }
    this.shown = key;
  }
}
