// Facilitator console: share links, move between questions, moderate notes.
import { Live, showStatus, newId } from './live.js';
import { EV } from './protocol.js';
import { el, announce } from './dom.js';
import { t, tCount } from './i18n.js';
import { noteCard, composer } from './notes.js';
import { wireCopyButtons } from './copy.js';
import { rememberWorkshop } from './storage.js';

const main = document.getElementById('main');
rememberWorkshop(main.dataset.title, main.dataset.url);
if (main.dataset.new) {
  // The "keep this link" message is shown once: a reload should not repeat it.
  history.replaceState(null, '', main.dataset.url);
}
wireCopyButtons();

const live = new Live({ role: 'facilitator', secret: main.dataset.secret });
showStatus(live, document.getElementById('connection'));

const boardList = document.getElementById('board-list');
const notesList = document.getElementById('board-notes');
const noteCount = document.getElementById('note-count');
const notesQuestion = document.getElementById('notes-question');
const people = document.getElementById('people');
const allowNames = document.getElementById('allow-names');

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
    el('p', { class: 'hint' }, tCount('notes', board.notes.size)),
    el('button', {
      type: 'button', class: `button ${current ? 'primary' : 'secondary'}`,
      'aria-pressed': current ? 'true' : 'false',
      onclick: async () => {
        const ack = await live.request(EV.WORKSHOP_SHOW_BOARD, { board_id: board.id });
        if (!ack.ok) announce(ack.error.message);
      },
    }, current ? t('on_screen') : t('show_on_screen')));
}

function deleteButton(note) {
  return el('button', {
    type: 'button', class: 'button small danger',
    'aria-label': `${t('delete')}: ${note.text.slice(0, 40)}`,
    onclick: async () => {
      if (!window.confirm(t('confirm_delete'))) return;
      const ack = await live.request(EV.NOTE_DELETE, { note_id: note.id });
      announce(ack.ok ? t('deleted') : ack.error.message);
    },
  }, t('delete'));
}

function render() {
  const board = live.currentBoard();
  if (!board) return;
  boardList.replaceChildren(...[...live.boards.values()].map(boardItem));
  const notes = live.notesOf(board);
  noteCount.textContent = `(${tCount('notes', notes.length)})`;
  notesQuestion.textContent = board.question;
  notesList.replaceChildren(...notes.map((n) => noteCard(n, { actions: [deleteButton(n)] })));
  allowNames.checked = live.workshop.allow_names;
}

live.addEventListener('change', (event) => {
  const { kind } = event.detail;
  if (kind === 'status') return;
  if (kind === 'presence' || kind === 'snapshot') people.textContent = tCount('people', live.presence);
  if (kind !== 'presence') render();
});
