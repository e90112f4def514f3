// The workshop's questions: which one is on screen, the list in its panel
// ("Show on screen" on each), and previous/next in the bar, which is what a
// facilitator walking the room uses on a phone.
import { EV } from '../protocol.js';
import { el, announce, keepFocus } from '../dom.js';
import { t, tCount } from '../i18n.js';

export class Questions {
  constructor(live, { list, prev, next, position, count }) {
    this.live = live;
    this.list = list;
    this.prev = prev;
    this.next = next;
    this.position = position;
    this.count = count;
    prev.addEventListener('click', () => this.step(-1));
    next.addEventListener('click', () => this.step(1));
  }

  boards() {
    return [...this.live.boards.values()].sort((a, b) => a.position - b.position || a.id - b.id);
  }

  async show(boardId) {
    const ack = await this.live.request(EV.WORKSHOP_SHOW_BOARD, { board_id: boardId });
    if (!ack.ok) announce(ack.error.message);
  }

  step(delta) {
    const boards = this.boards();
    const at = boards.findIndex((b) => b.id === this.live.workshop.current_board_id);
    const target = boards[at + delta];
    if (target) this.show(target.id);
  }

  item(board) {
    const current = board.id === this.live.workshop.current_board_id;
    return el('li', { class: `board-item${current ? ' current' : ''}` },
      el('p', { class: 'board-question' }, board.question),
      el('p', { class: 'hint' }, tCount('notes', [...board.notes.values()].filter((n) => !n.hidden).length),
        ' · ', t(`phase_${board.phase}`)),
      el('button', {
        type: 'button', class: `button ${current ? 'primary' : 'secondary'}`, id: `show-board-${board.id}`,
        'aria-pressed': current ? 'true' : 'false',
        onclick: () => this.show(board.id),
      }, current ? t('on_screen') : t('show_on_screen')));
  }

  render() {
    const boards = this.boards();
    const at = boards.findIndex((b) => b.id === this.live.workshop.current_board_id);
    keepFocus(() => this.list.replaceChildren(...boards.map((b) => this.item(b))));
    this.position.textContent = t('question_of', { n: at + 1, total: boards.length });
    this.count.textContent = `(${boards.length})`;
    this.prev.disabled = at <= 0;
    this.next.disabled = at < 0 || at >= boards.length - 1;
    this.prev.hidden = this.next.hidden = boards.length < 2;
  }
}
