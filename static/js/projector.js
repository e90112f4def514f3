// Projector screen: the current question, how to join, and the notes as they arrive.
import { Live, showStatus } from './live.js';
import { EV } from './protocol.js';
import { el, announce } from './dom.js';
import { t, tCount } from './i18n.js';

const main = document.getElementById('main');
const live = new Live({ role: 'projector', secret: main.dataset.secret });
showStatus(live, document.getElementById('connection'));

const question = document.getElementById('question');
const questionCount = document.getElementById('question-count');
const list = document.getElementById('board-notes');
const people = document.getElementById('people');
const noteCount = document.getElementById('note-count');

/** Fewer notes get bigger type, so a handful reads from the back of the room. */
function density(n) {
  if (n <= 6) return 'xl';
  if (n <= 15) return 'l';
  if (n <= 40) return 'm';
  return 's';
}

function card(note) {
  return el('li', { class: 'note', dataset: { id: note.id } },
    el('p', { class: 'note-text' }, note.text),
    note.name ? el('p', { class: 'note-meta' }, el('span', { class: 'note-name' }, note.name)) : null);
}

function render() {
  const board = live.currentBoard();
  if (!board) return;
  const boards = [...live.boards.values()];
  question.textContent = board.question;
  questionCount.textContent = boards.length > 1
    ? t('question_of', { n: board.position + 1, total: boards.length }) : '';
  const notes = live.notesOf(board);
  list.dataset.size = density(notes.length);
  const existing = new Map([...list.children].map((li) => [Number(li.dataset.id), li]));
  list.replaceChildren(...notes.map((n) => {
    const old = existing.get(n.id);
    if (old && old.querySelector('.note-text').textContent === n.text) return old;
    const fresh = card(n);
    if (existing.size || list.dataset.rendered) fresh.classList.add('arrived');
    return fresh;
  }));
  list.dataset.rendered = '1';
  noteCount.textContent = tCount('notes', notes.length);
}

function renderPresence() {
  people.textContent = tCount('people', live.presence);
}

live.addEventListener('change', (event) => {
  const { kind } = event.detail;
  if (kind === 'status') return;
  if (kind === 'presence' || kind === 'snapshot') renderPresence();
  if (kind === 'presence') return;
  render();
  if (kind === EV.NOTE_CREATED) announce(t('new_note', { text: event.detail.note.text }));
});
