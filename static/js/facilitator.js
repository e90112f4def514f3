// Facilitator workspace: a sticky bar to move between questions, run the
// current board through its phases (write, group, vote, results), time the
// room and reveal or lock; the board to group its notes (with advisory
// grouping help) and moderate them; notes added one at a time or many at
// once; links, settings and the rest in panels. On a phone the bar is a remote.
import { Live, showStatus, newId, notesPublic } from './live.js';
import { EV } from './protocol.js';
import { announce } from './dom.js';
import { t, tCount } from './i18n.js';
import { composer } from './notes.js';
import { wireCopyButtons } from './copy.js';
import { rememberWorkshop, forgetWorkshop } from './storage.js';
import { wireConfirmations, replacedLink } from './facilitator/confirm.js';
import { PhaseBar } from './facilitator/phase-bar.js';
import { BoardSettings } from './facilitator/board-settings.js';
import { TimerControl } from './facilitator/timer-control.js';
import { GroupingBoard, canGroup } from './facilitator/grouping-board.js';
import { GroupingHelp } from './facilitator/suggestions.js';
import { renderVoteSummary } from './facilitator/results-view.js';
import { Questions } from './facilitator/questions.js';
import { PasteNotes } from './facilitator/paste-notes.js';
import { VoteWarning, ungroupedCount } from './facilitator/vote-warning.js';
import { openTargetPanel, trackBarHeight, barBottom } from './facilitator/panels.js';

const main = document.getElementById('main');
// Right after the facilitator link was replaced, "your workshops" holds the new link
// in place of the dead one.
if (main.dataset.replaced === 'facilitator') forgetWorkshop(replacedLink());
rememberWorkshop(main.dataset.title, main.dataset.url);
if (main.dataset.new || main.dataset.replaced) {
  // The "keep this link" message (and "a new link was made") is shown once: a reload
  // should not repeat it.
  history.replaceState(null, '', main.dataset.url + location.hash);
}
wireCopyButtons();
wireConfirmations(main.dataset.url);
openTargetPanel();
window.addEventListener('hashchange', openTargetPanel);
const bar = document.getElementById('control-bar');
trackBarHeight(bar);

const live = new Live({ role: main.dataset.role || 'facilitator', secret: main.dataset.secret });
showStatus(live, document.getElementById('connection'));
live.addEventListener('change', (event) => {
  // This link was replaced (in another tab or on another device): it opens nothing now.
  if (event.detail.kind === 'status' && live.refusedCode === 'facilitator_link_replaced') {
    forgetWorkshop(main.dataset.url);
  }
});

const noteCount = document.getElementById('note-count');
const notesQuestion = document.getElementById('notes-question');
const people = document.getElementById('people');
const allowNames = document.getElementById('allow-names');
const groupingHelp = document.getElementById('grouping-help');
const voteSummary = document.getElementById('vote-summary');

const warning = new VoteWarning(document.getElementById('vote-warning'));
const phaseBar = new PhaseBar(live, document.getElementById('phase-bar'), {
  help: document.getElementById('phase-help'),
  confirmVote: (board) => warning.confirm(ungroupedCount(live, board)),
});
const settings = new BoardSettings(live, document.getElementById('board-settings'), {
  revealBox: document.getElementById('reveal-box'),
  lock: document.getElementById('quick-lock'),
  quickError: document.getElementById('quick-error'),
});
const timer = new TimerControl(live, document.getElementById('timer-control'));
const questions = new Questions(live, {
  list: document.getElementById('board-list'),
  prev: document.getElementById('board-prev'),
  next: document.getElementById('board-next'),
  position: document.getElementById('board-position'),
  count: document.getElementById('question-count'),
});
const grouping = new GroupingBoard(live, document.getElementById('board-notes'), {
  errorNode: document.getElementById('board-error'),
  selectionBar: document.getElementById('selection-bar'),
  topInset: () => barBottom(bar),
});
// The grouping help goes above the notes' toolbar, so Tab goes from the add-note
// form straight to the board.
const suggestions = new GroupingHelp(live, grouping, { before: document.getElementById('board-toolbar') });
new PasteNotes(live, document.getElementById('paste-form'));

composer(document.getElementById('note-form'), (text) => live.request(EV.NOTE_CREATE, {
  board_id: live.currentBoard()?.id, text, cid: newId(),
}));

allowNames.addEventListener('change', async () => {
  const ack = await live.request(EV.WORKSHOP_SETTINGS, { settings: { allow_names: allowNames.checked } });
  if (!ack.ok) { allowNames.checked = !allowNames.checked; announce(ack.error.message); }
});

function helpText(board) {
  if (!notesPublic(board)) return t('help_hidden_grouping');
  if (canGroup(board)) return t('help_grouping');
  return t('help_grouping_closed');
}

function render(kind) {
  const board = live.currentBoard();
  if (!board) return;
  questions.render();
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
