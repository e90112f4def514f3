// Phone page: answer the current question, see and change your own notes.
import { Live, showStatus, newId } from './live.js';
import { EV } from './protocol.js';
import { el, announce } from './dom.js';
import { t, tCount } from './i18n.js';
import { noteCard, composer } from './notes.js';

const main = document.getElementById('main');
const live = new Live({ role: 'participant', code: main.dataset.code });
showStatus(live, document.getElementById('connection'));

const question = document.getElementById('question');
const questionCount = document.getElementById('question-count');
const myList = document.getElementById('my-notes');
const allList = document.getElementById('all-notes');
const allCount = document.getElementById('all-count');
const nameBox = document.getElementById('name-box');
let shownBoardId = null;

composer(document.getElementById('note-form'), (text) => {
  const board = live.currentBoard();
  const cid = newId();
  live.claim(cid);
  return live.request(EV.NOTE_CREATE, { board_id: board?.id, text, cid }).then((ack) => {
    if (ack.ok) announce(t('sent'));
    return ack;
  });
});

document.getElementById('name-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const ack = await live.request(EV.PARTICIPANT_RENAME, {
    name: document.getElementById('name-input').value,
  });
  announce(ack.ok ? t('name_saved') : ack.error.message);
});

function editButton(note) {
  return el('button', { type: 'button', class: 'button small secondary', onclick: () => startEdit(note) },
    t('edit'));
}

function deleteButton(note) {
  return el('button', {
    type: 'button', class: 'button small danger',
    onclick: async () => {
      if (!window.confirm(t('confirm_delete'))) return;
      const ack = await live.request(EV.NOTE_DELETE, { note_id: note.id });
      announce(ack.ok ? t('deleted') : ack.error.message);
    },
  }, t('delete'));
}

function startEdit(note) {
  const item = myList.querySelector(`[data-id="${note.id}"]`);
  const id = `edit-${note.id}`;
  const textarea = el('textarea', { id, rows: 3 }, note.text);
  const error = el('p', { class: 'field-error', role: 'alert' });
  const form = el('form', { class: 'edit-form' },
    el('label', { for: id, class: 'visually-hidden' }, t('edit')), textarea, error,
    el('div', { class: 'note-actions' },
      el('button', { type: 'submit', class: 'button small primary' }, t('save')),
      el('button', { type: 'button', class: 'button small secondary', onclick: render }, t('cancel'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ack = await live.request(EV.NOTE_UPDATE, { note_id: note.id, text: textarea.value });
    if (ack.ok) render();
    else error.textContent = ack.error.message;
  });
  item.replaceChildren(form);
  textarea.focus();
}

function render() {
  const board = live.currentBoard();
  if (!board) return;
  const boards = [...live.boards.values()];
  question.textContent = board.question;
  questionCount.textContent = boards.length > 1
    ? t('question_of', { n: board.position + 1, total: boards.length }) : '';
  const notes = live.notesOf(board);
  const mine = notes.filter((n) => live.isMine(n));
  myList.replaceChildren(...(mine.length
    ? mine.map((n) => noteCard(n, { mine: true, actions: [editButton(n), deleteButton(n)] }))
    : [el('li', { class: 'empty' }, t('no_notes_yet'))]));
  const others = notes.filter((n) => !live.isMine(n));
  allCount.textContent = `(${tCount('notes', others.length)})`;
  allList.replaceChildren(...others.slice().reverse().map((n) => noteCard(n)));
  nameBox.hidden = !live.workshop.allow_names;
  if (live.you && live.you.name !== undefined && !document.getElementById('name-input').value) {
    document.getElementById('name-input').value = live.you.name;
  }
  if (shownBoardId !== null && shownBoardId !== board.id) {
    announce(t('now_showing', { question: board.question }));
  }
  shownBoardId = board.id;
}

live.addEventListener('change', (event) => {
  if (event.detail.kind === 'status' || event.detail.kind === 'presence') return;
  // Do not redraw while the person is editing one of their notes.
  if (myList.querySelector('.edit-form') && event.detail.kind !== 'workshop') return;
  render();
});
