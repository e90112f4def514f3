// The facilitator's countdown: start with a number of minutes, pause and
// resume, one more minute, stop. The time left is drawn like on the screens.
import { EV } from '../protocol.js';
import { announce } from '../dom.js';
import { t } from '../i18n.js';
import { TimerView } from '../timer.js';

const MAX_MINUTES = 240;

export class TimerControl {
  constructor(live, root) {
    this.live = live;
    this.root = root;
    this.view = new TimerView(live, root.querySelector('#timer-display'));
    this.minutes = root.querySelector('#timer-minutes');
    this.error = root.querySelector('#timer-error');
    this.pause = root.querySelector('#timer-pause');
    this.extend = root.querySelector('#timer-extend');
    this.stop = root.querySelector('#timer-stop');
    root.querySelector('#timer-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const minutes = Number(String(this.minutes.value).replace(',', '.'));
      if (!(minutes > 0 && minutes <= MAX_MINUTES)) {
        this.minutes.setAttribute('aria-invalid', 'true');
        this.error.textContent = t('timer_range', { limit: MAX_MINUTES });
        this.minutes.focus();
        return;
      }
      this.minutes.setAttribute('aria-invalid', 'false');
      this.send('start', Math.max(1, Math.round(minutes * 60)), t('timer_started'));
    });
    this.pause.addEventListener('click', () => {
      const running = this.live.currentBoard()?.timer.state === 'running';
      this.send(running ? 'pause' : 'resume', undefined,
        running ? t('timer_paused_said') : t('timer_resumed'));
    });
    this.extend.addEventListener('click', () => this.send('extend', 60, t('timer_extended')));
    this.stop.addEventListener('click', () => this.send('stop', undefined, t('timer_stopped')));
  }

  async send(action, seconds, said) {
    const board = this.live.currentBoard();
    if (!board) return;
    const data = { board_id: board.id, action };
    if (seconds !== undefined) data.seconds = seconds;
    const ack = await this.live.request(EV.BOARD_TIMER, data);
    this.error.textContent = ack.ok ? '' : ack.error.message;
    announce(ack.ok ? said : ack.error.message);
  }

  render(board) {
    const state = board.timer.state;
    this.view.update(board);
    const ended = state === 'running' && this.live.timerLeft(board.timer) <= 0;
    this.pause.disabled = state === 'stopped' || ended;
    this.pause.textContent = state === 'paused' ? t('resume') : t('pause');
    this.stop.disabled = state === 'stopped';
  }
}
