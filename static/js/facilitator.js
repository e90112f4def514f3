// Facilitator console: share links, move between questions, run the current
// board through its phases (write, group, vote, results), group its notes
// (with advisory grouping help), moderate them, time the room.
import { Live, showStatus, newId, notesPublic } from './live.js';
import { EV } from './protocol.js';
import { el, announce, keepFocus } from './dom.js';
import { t, tCount } from './i18n.js';
import { composer } from './notes.js';
import { wireCopyButtons } from './copy.js';
import { rememberWorkshop } from './storage.js';
import { PhaseBar } from './facilitator/phase-bar.js';
import { BoardSettings } from './facilitator/board-settings.js';
import { TimerControl } from './facilitator/timer-control.js';
import { GroupingBoard, canGroup } from './facilitator/grouping-board.js';
import { GroupingHelp } from './facilitator/suggestions.js';
import { renderVoteSummary } from './facilitator/results-view.js';

const main = document.getElementById('main');
rememberWorkshop(main.dataset.title, main.dataset.url);
if (main.dataset.new) {
  // The "keep this link" message is shown once: a reload should not repeat it.
  history.replaceState(null, '', main.dataset.url);
}
wireCopyButtons();

const live = new Live({ role: main.dataset.role || 'facilitator', secret: main.dataset.secret });
showStatus(live, document.getElementById('connection'));

const boardList = document.getElementById('board-list');
const noteCount = document.getElementById('note-count');
const notesQuestion = document.getElementById('notes-question');
const people = document.getElementById('people');
const allowNames = document.getElementById('allow-names');
const groupingHelp = document.getElementById('grouping-help');
const voteSummary = document.getElementById('vote-summary');

const phaseBar = new PhaseBar(live, document.getElementById('phase-bar'));
const settings = new BoardSettings(live, document.getElementById('board-settings'));
const timer = new TimerControl(live, document.getElementById('timer-control'));
const grouping = new GroupingBoard(live, document.getElementById('board-notes'), {
  errorNode: document.getElementById('board-error'),
  selectionBar: document.getElementById('selection-bar'),
});
const suggestions = new GroupingHelp(live, grouping, { before: document.getElementById('note-form') });

composer(document.getElementById('note-form'), (text) => live.request(EV.NOTE_CREATE, {
  board_id: live.currentBoard()?.id, text, cid: newId(),
}));

allowNames.addEventListener('change', async () => {
  const ack = await live.request(EV.WORKSHOP_SETTINGS, { settings: { allow_names: allowNames.checked } });
  if (!ack.ok) { allowNames.checked = !allowNames.checked; announce(ack.error.message); }
});

function boardItem(board) {
  const current = board.id === live.workshop.current_board_id;
  return el('li', { class: `board-item${current ? ' current' : ''}` },
    el('p', { class: 'board-question' }, board.question),
    el('p', { class: 'hint' }, tCount('notes', [...board.notes.values()].filter((n) => !n.hidden).length),
      ' · ', t(`phase_${board.phase}`)),
    el('button', {
      type: 'button', class: `button ${current ? 'primary' : 'secondary'}`, id: `show-board-${board.id}`,
      'aria-pressed': current ? 'true' : 'false',
      onclick: async () => {
        const ack = await live.request(EV.WORKSHOP_SHOW_BOARD, { board_id: board.id });
        if (!ack.ok) announce(ack.error.message);
      },
    }, current ? t('on_screen') : t('show_on_screen')));
}

function helpText(board) {
  if (!notesPublic(board)) return t('help_hidden_grouping');
  if (canGroup(board)) return t('help_grouping');
  return t('help_grouping_closed');
}

function render(kind) {
  const board = live.currentBoard();
  if (!board) return;
  keepFocus(() => boardList.replaceChildren(...[...live.boards.values()].map(boardItem)));
  const visible = live.notesOf(board).filter((n) => !n.hidden);
  noteCount.textContent = `(${tCount('notes', visible.length)})`;
  notesQuestion.textContent = board.question;
  allowNames.checked = live.workshop.allow_names;
  main.dataset.phase = board.phase;
  phaseBar.render(board);
  settings.render(board);
  if (kind !== EV.VOTES_PROGRESS) timer.render(board);
  groupingHelp.textContent = helpText(board);
  renderVoteSummary(voteSummary, live, board);
  if (kind !== EV.VOTES_PROGRESS) {
    suggestions.render(board, kind);
    grouping.render();
  }
}

live.addEventListener('change', (event) => {
  const { kind } = event.detail;
  if (kind === 'status') return;
  if (kind === 'presence' || kind === 'snapshot') {
    const joins = live.joinsPerMinute ? ` · ${tCount('joins', live.joinsPerMinute)}` : '';
    people.textContent = tCount('people', live.presence) + joins;
  }
  if (kind !== 'presence') render(kind);
});
