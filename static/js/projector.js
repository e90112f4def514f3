// Projector screen: the current question, how to join, and the board in its
// phase: notes as they arrive (or only their number while writing is hidden),
// groups, the items to vote on, the ranked results. The timer sits in a
// corner; "Pause live updates" freezes the board until resumed (WCAG 2.2.2).
import { Live, showStatus, notesPublic } from './live.js';
import { EV, PHASES } from './protocol.js';
import { el, announce } from './dom.js';
import { t, tCount } from './i18n.js';
import { TimerView } from './timer.js';
import { density, groupView, voteView, resultsView } from './projector/views.js';

const main = document.getElementById('main');
const live = new Live({ role: 'projector', secret: main.dataset.secret });
showStatus(live, document.getElementById('connection'));

const screen = document.getElementById('screen');
const question = document.getElementById('question');
const questionCount = document.getElementById('question-count');
const phaseLabel = document.getElementById('phase-label');
const list = document.getElementById('board-notes');
const phaseView = document.getElementById('phase-view');
const hiddenCount = document.getElementById('hidden-count');
const bigCount = document.getElementById('big-count');
const people = document.getElementById('people');
const noteCount = document.getElementById('note-count');
const pauseButton = document.getElementById('pause-live');
const pausedNote = document.getElementById('paused-note');
const timer = new TimerView(live, document.getElementById('timer'));
let paused = false;
let missed = false;

function card(note) {
  return el('li', { class: 'note', dataset: { id: note.id } },
    el('p', { class: 'note-text' }, note.text),
    note.name ? el('p', { class: 'note-meta' }, el('span', { class: 'note-name' }, note.name)) : null);
}

function renderNotes(notes) {
  list.dataset.density = density(notes.length);
  const existing = new Map([...list.children].map((li) => [Number(li.dataset.id), li]));
  list.replaceChildren(...notes.map((n) => {
    const old = existing.get(n.id);
    if (old && old.querySelector('.note-text').textContent === n.text) return old;
    const fresh = card(n);
    if (existing.size || list.dataset.rendered) fresh.classList.add('arrived');
    return fresh;
  }));
  list.dataset.rendered = '1';
}

function render() {
  const board = live.currentBoard();
  if (!board) return;
  if (paused) { missed = true; return; }
  const boards = [...live.boards.values()];
  question.textContent = board.question;
  questionCount.textContent = boards.length > 1
    ? t('question_of', { n: board.position + 1, total: boards.length }) : '';
  phaseLabel.textContent = t('phase_step', {
    n: PHASES.indexOf(board.phase) + 1, total: PHASES.length, phase: t(`phase_${board.phase}`),
  });
  screen.dataset.phase = board.phase;
  const notes = live.notesOf(board);
  const hidden = !notesPublic(board);
  const writing = board.phase === 'write';
  hiddenCount.hidden = !(writing && hidden);
  list.hidden = !writing || hidden;
  phaseView.hidden = writing;
  const count = hidden ? board.note_count : notes.length;
  noteCount.textContent = tCount('notes', count);
  if (writing && hidden) bigCount.textContent = tCount('notes_written', count);
  else if (writing) renderNotes(notes);
  if (writing) {
    phaseView.replaceChildren();
    return;
  }
  list.replaceChildren();
  delete list.dataset.rendered;
  const view = { group: groupView, vote: voteView, results: resultsView }[board.phase];
  phaseView.replaceChildren(view(notes, board));
}

function renderPresence() {
  people.textContent = tCount('people', live.presence);
}

pauseButton.addEventListener('click', () => {
  paused = !paused;
  pauseButton.setAttribute('aria-pressed', paused ? 'true' : 'false');
  pausedNote.hidden = !paused;
  screen.classList.toggle('is-paused', paused);
  if (!paused && missed) { missed = false; render(); }
  announce(paused ? t('live_paused') : t('live_resumed'));
});

live.addEventListener('change', (event) => {
  const { kind } = event.detail;
  if (kind === 'status') return;
  if (kind === 'presence' || kind === 'snapshot') renderPresence();
  if (kind === 'presence') return;
  if (kind !== EV.VOTES_PROGRESS) timer.update(live.currentBoard());
  render();
  if (kind === EV.NOTE_CREATED && !paused && event.detail.note) {
    announce(t('new_note', { text: event.detail.note.text }));
  }
});
