// Projector screen: the current question, how to join, and the board in its
// phase: notes as they arrive (or only their number while writing is hidden),
// groups, the items to vote on, the ranked results. Everything is fitted to
// the screen, never scrolled (./projector/wall.js, docs/projector.md).
// "Pause live updates" freezes the board and its pages until resumed (WCAG 2.2.2).
import { Live, showStatus, notesPublic } from './live.js';
import { EV, PHASES } from './protocol.js';
import { announce } from './dom.js';
import { t, tCount } from './i18n.js';
import { TimerView } from './timer.js';
import { noteItem, groupView, voteView, resultsView } from './projector/views.js';
import { Wall } from './projector/wall.js';

const main = document.getElementById('main');
const live = new Live({ role: 'projector', secret: main.dataset.secret });
showStatus(live, document.getElementById('connection'));
// Cut off for good (its link replaced, the workshop deleted): said across the whole wall.
live.addEventListener('change', (event) => {
  if (event.detail.kind !== 'status' || live.status !== 'refused') return;
  document.getElementById('screen-ended-text').textContent = live.statusMessage;
  document.getElementById('screen-ended').hidden = false;
});

const $ = (id) => document.getElementById(id);
const screen = $('screen');
const list = $('board-notes');
const phaseView = $('phase-view');
const hiddenCount = $('hidden-count');
const pauseButton = $('pause-live');
const timer = new TimerView(live, $('timer'));
const wall = new Wall({ screen, indicator: $('screen-pages') });
// The join panel moves to a corner once the room is writing (most people have joined).
const CORNER_FROM_NOTES = 12;
// How long a newly arrived note stays highlighted.
const FRESH_MS = 8000;
let paused = false;
let missed = false;
let pending = null;
let fresh = null;
let freshTimer = null;

function renderNotes(notes) {
  const existing = new Map([...list.children].map((li) => [Number(li.dataset.id), li]));
  list.replaceChildren(...notes.map((n) => {
    const old = existing.get(n.id);
    if (old && old.querySelector('.note-text').textContent === n.text) return old;
    const card = noteItem(n);
    if (existing.size || list.dataset.rendered) card.classList.add('arrived');
    return card;
  }));
  list.dataset.rendered = '1';
  for (const li of list.children) li.classList.toggle('fresh', Number(li.dataset.id) === fresh);
  const newest = list.lastElementChild;
  if (newest) newest.classList.add('newest');
  wall.layout(list, { max: 52, pinned: newest, steps: [() => {}] });
}

function renderHeading(board) {
  const boards = [...live.boards.values()];
  $('question').textContent = board.question;
  $('question-count').textContent = boards.length > 1
    ? t('question_of', { n: board.position + 1, total: boards.length }) : '';
  $('phase-label').textContent = t('phase_step', {
    n: PHASES.indexOf(board.phase) + 1, total: PHASES.length, phase: t(`phase_${board.phase}`),
  });
  screen.dataset.phase = board.phase;
}

function render() {
  const board = live.currentBoard();
  if (!board) return;
  if (paused) { missed = true; return; }
  renderHeading(board);
  const notes = live.notesOf(board);
  const hidden = !notesPublic(board);
  const writing = board.phase === 'write';
  const count = hidden ? board.note_count : notes.length;
  screen.dataset.join = writing && count < CORNER_FROM_NOTES ? 'full' : 'corner';
  hiddenCount.hidden = !(writing && hidden);
  list.hidden = !writing || hidden;
  phaseView.hidden = writing;
  $('note-count').textContent = tCount('notes', count);
  if (writing) {
    phaseView.replaceChildren();
    if (hidden) {
      $('big-count').textContent = tCount('notes_written', count);
      wall.layout(null);
    } else {
      renderNotes(notes);
    }
    return;
  }
  list.replaceChildren();
  delete list.dataset.rendered;
  const view = { group: groupView, vote: voteView, results: resultsView }[board.phase](notes, board);
  phaseView.replaceChildren(view.node);
  wall.layout(view.area, { max: board.phase === 'results' ? 44 : 46, steps: view.steps });
}

/** Many events can come at once (a room posting): draw once for all of them. */
function scheduleRender() {
  if (pending) return;
  pending = setTimeout(() => { pending = null; render(); }, 40);
}

function markFresh(note) {
  fresh = note.id;
  clearTimeout(freshTimer);
  freshTimer = setTimeout(() => {
    fresh = null;
    for (const li of list.querySelectorAll('.fresh')) li.classList.remove('fresh');
  }, FRESH_MS);
}

pauseButton.addEventListener('click', () => {
  paused = !paused;
  pauseButton.setAttribute('aria-pressed', paused ? 'true' : 'false');
  $('paused-note').hidden = !paused;
  screen.classList.toggle('is-paused', paused);
  wall.hold(paused);
  if (!paused && missed) { missed = false; render(); }
  announce(paused ? t('live_paused') : t('live_resumed'));
});

live.addEventListener('change', (event) => {
  const { kind } = event.detail;
  if (kind === 'status') return;
  if (kind === 'presence' || kind === 'snapshot') $('people').textContent = tCount('people', live.presence);
  if (kind === 'presence') return;
  if (kind !== EV.VOTES_PROGRESS) timer.update(live.currentBoard());
  if (kind === EV.NOTE_CREATED && !paused && event.detail.note) {
    markFresh(event.detail.note);
    announce(t('new_note', { text: event.detail.note.text }));
  }
  scheduleRender();
});
