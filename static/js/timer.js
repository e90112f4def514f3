// The countdown of the current board, drawn from the server's clock.
// It never makes a sound or moves: at zero it changes colour calmly and says
// "Time is up" once to screen readers.
import { el, announce } from './dom.js';
import { t } from './i18n.js';

/** 75 -> "1:15", 3725 -> "1:02:05". */
export function formatSeconds(total) {
  const s = Math.max(0, Math.ceil(total));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The words a screen reader gets for a time: "4 minutes 30 seconds left". */
export function spokenTime(total) {
  const s = Math.max(0, Math.ceil(total));
  return t('time_left_spoken', { m: Math.floor(s / 60), s: s % 60 });
}

/**
 * Keep `node` showing the current board's timer. `node` gets the classes
 * running / paused / ended and is hidden while the timer is stopped.
 */
export class TimerView {
  constructor(live, node) {
    this.live = live;
    this.node = node;
    this.timer = null;
    this.interval = null;
    this.endedFor = null;
    this.label = el('span', { class: 'timer-label' });
    this.time = el('span', { class: 'timer-time', role: 'timer' });
    node.replaceChildren(this.label, this.time);
    node.hidden = true;
  }

  /** Draw from a board (or nothing); call after every change. */
  update(board) {
    this.timer = board ? board.timer : null;
    clearInterval(this.interval);
    this.interval = null;
    if (this.timer && this.timer.state === 'running') {
      this.interval = setInterval(() => this.draw(), 250);
    }
    this.draw();
  }

  draw() {
    const timer = this.timer;
    const left = this.live.timerLeft(timer);
    const node = this.node;
    if (left === null) {
      node.hidden = true;
      node.dataset.state = 'stopped';
      this.endedFor = null;
      return;
    }
    node.hidden = false;
    const ended = timer.state === 'running' && left <= 0;
    node.dataset.state = ended ? 'ended' : timer.state;
    if (ended) {
      clearInterval(this.interval);
      this.interval = null;
      this.label.textContent = '';
      this.time.textContent = t('time_up');
      if (this.endedFor !== timer.ends_at) {
        announce(t('time_up'));
        this.endedFor = timer.ends_at;
      }
      return;
    }
    this.endedFor = null;
    this.label.textContent = timer.state === 'paused' ? t('timer_paused') : t('time_left');
    this.time.textContent = formatSeconds(left);
    this.time.setAttribute('aria-label', spokenTime(left));
  }
}
