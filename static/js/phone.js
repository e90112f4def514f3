// Phone page: the view follows the board's phase. Write: answer the question
// and change your own notes. Group: see the groups (and move notes, if the
// board allows). Vote: give your dots. Results: the ranked list.
import { Live, showStatus, notesPublic } from './live.js';
import { EV, PHASES } from './protocol.js';
import { el, announce, keepFocus } from './dom.js';
import { t, tCount } from './i18n.js';
import { noteCard, composer } from './notes.js';
import { TimerView } from './timer.js';
import { resultsList } from './board-items.js';
import { GroupView } from './phone/group-view.js';
import { VoteView } from './phone/vote-view.js';
import { Outbox, TRANSIENT } from './outbox.js';
import { loadDraft, saveDraft } from './storage.js';

const main = document.getElementById('main');
const live = new Live({ role: 'participant', code: main.dataset.code });
showStatus(live, document.getElementById('connection'));

const question = document.getElementById('question');
const questionCount = document.getElementById('question-count');
const phaseLabel = document.getElementById('phase-label');
const myList = document.getElementById('my-notes');
const allList = document.getElementById('all-notes');
const allCount = document.getElementById('all-count');
const nameBox = document.getElementById('name-box');
const noteForm = document.getElementById('note-form');
const closed = document.getElementById('posting-closed');
const views = {
  write: document.getElementById('write-view'),
  group: document.getElementById('group-view'),
  vote: document.getElementById('vote-view'),
  results: document.getElementById('results-view'),
};
const timer = new TimerView(live, document.getElementById('timer'));
const groupView = new GroupView(live, views.group);
const voteView = new VoteView(live, views.vote);
const results = document.getElementById('phone-results');
let shownBoardId = null;
let shownPhase = null;

const outbox = new Outbox(live, main.dataset.code);
outbox.addEventListener('change', () => render());

// Reloading without a network shows the last copy of this page (static/sw.js).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(() => cacheThisPage())
    .catch(() => {});
}

/** Put this page and its scripts in the worker's cache now, not only on the next visit. */
async function cacheThisPage() {
  if (!window.caches) return;
  const assets = new Set(performance.getEntriesByType('resource').map((entry) => entry.name)
    .filter((url) => url.startsWith(`${location.origin}/static/`)));
  const cache = await caches.open('verksted-shell-v1');
  await cache.addAll([location.href, ...assets]);
  document.documentElement.dataset.offlineReady = '1';
}

// An unsent draft survives a reload; it is forgotten once the note is sent or queued.
const noteText = document.getElementById('note-text');
noteText.value = loadDraft(main.dataset.code);
noteText.addEventListener('input', () => saveDraft(main.dataset.code, noteText.value));
const forgetDraft = (text) => {
  if (noteText.value === text) saveDraft(main.dataset.code, '');
};

composer(noteForm, async (text) => {
  const { cid, ack } = await outbox.post(live.currentBoard()?.id, text);
  if (ack.ok) {
    forgetDraft(text);
    announce(t('sent'));
    return ack;
  }
  if (TRANSIENT.has(ack.error.code)) {
    forgetDraft(text);
    // Kept in the outbox, shown as waiting, sent when the connection is back.
    announce(t('queued'));
    return { ok: true, queued: true };
  }
  // Refused at once (too long, posting closed): the text stays in the field.
  outbox.discard(cid);
  return ack;
});

function outboxCard(item) {
  const refused = item.state === 'refused';
  const actions = refused ? [
    el('button', {
      type: 'button', class: 'button small secondary',
      onclick: () => {
        const field = document.getElementById('note-text');
        if (field.value.trim() && !window.confirm(t('replace_draft'))) return;
        field.value = item.text;
        field.dispatchEvent(new Event('input'));
        outbox.discard(item.cid);
        field.focus();
      },
    }, t('put_back')),
    el('button', {
      type: 'button', class: 'button small danger',
      onclick: () => { if (window.confirm(t('confirm_discard'))) outbox.discard(item.cid); },
    }, t('discard')),
  ] : [];
  return el('li', { class: `note mine outbox ${refused ? 'refused' : 'waiting'}`, dataset: { cid: item.cid } },
    el('p', { class: 'note-text' }, item.text),
    el('p', { class: 'note-meta' },
      el('span', { class: 'outbox-state' }, refused ? t('not_sent') : t('waiting_to_send'))),
    refused ? el('p', { class: 'field-error' }, item.error) : null,
    actions.length ? el('div', { class: 'note-actions' }, actions) : null);
}

document.getElementById('name-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const ack = await live.request(EV.PARTICIPANT_RENAME, {
    name: document.getElementById('name-input').value,
  });
  announce(ack.ok ? t('name_saved') : ack.error.message);
});

function editButton(note) {
  return el('button', {
    type: 'button', class: 'button small secondary', id: `edit-note-${note.id}`,
    'aria-describedby': `note-text-${note.id}`,
    onclick: () => startEdit(note),
  }, t('edit'));
}

function deleteButton(note) {
  return el('button', {
    type: 'button', class: 'button small danger', id: `delete-note-${note.id}`,
    'aria-describedby': `note-text-${note.id}`,
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

/** Why the note form is gone, or '' when notes can be posted. */
function postingClosed(board) {
  if (board.settings.locked) return t('board_locked_hint');
  if (board.phase === 'write' || (board.phase === 'group' && board.settings.late_notes)) return '';
  return board.phase === 'group' ? t('posting_closed_group') : t('posting_closed');
}

/** Notes still in the outbox: shown with "Your notes" while writing, on their own otherwise. */
function renderOutbox(board, writing) {
  const stored = new Set(board ? live.notesOf(board).map((n) => n.cid) : []);
  const waiting = outbox.list().filter((item) => !stored.has(item.cid));
  const section = document.getElementById('outbox-section');
  section.hidden = writing || !waiting.length;
  keepFocus(() => document.getElementById('outbox-list').replaceChildren(
    ...(writing ? [] : waiting.map(outboxCard))));
  return writing ? waiting.map(outboxCard) : [];
}

function renderWrite(board, notes, canPost) {
  const mine = notes.filter((n) => live.isMine(n));
  const cards = [
    ...mine.map((n) => noteCard(n, { mine: true, actions: canPost ? [editButton(n), deleteButton(n)] : [] })),
    ...renderOutbox(board, true),
  ];
  keepFocus(() => myList.replaceChildren(...(cards.length
    ? cards : [el('li', { class: 'empty' }, t('no_notes_yet'))])));
  const others = notes.filter((n) => !live.isMine(n));
  allCount.textContent = `(${tCount('notes', others.length)})`;
  allList.replaceChildren(...others.slice().reverse().map((n) => noteCard(n)));
}

function render() {
  const board = live.currentBoard();
  if (!board) {
    // No snapshot yet (offline after a reload): still show what waits to be sent.
    renderOutbox(null, false);
    return;
  }
  const boards = [...live.boards.values()];
  question.textContent = board.question;
  questionCount.textContent = boards.length > 1
    ? t('question_of', { n: board.position + 1, total: boards.length }) : '';
  phaseLabel.textContent = t('phase_step', {
    n: PHASES.indexOf(board.phase) + 1, total: PHASES.length, phase: t(`phase_${board.phase}`),
  });
  main.dataset.phase = board.phase;
  const phase = board.phase;
  const why = postingClosed(board);
  const writing = phase === 'write';
  // The form is hidden, never removed: what was typed stays for later.
  views.write.hidden = !(writing || phase === 'group');
  noteForm.hidden = Boolean(why);
  closed.hidden = !why || !(writing || phase === 'group');
  closed.textContent = why;
  document.getElementById('hidden-hint').hidden = !writing || notesPublic(board);
  document.getElementById('late-hint').hidden = phase !== 'group' || Boolean(why);
  document.getElementById('write-lists').hidden = !writing;
  nameBox.hidden = !live.workshop.allow_names || Boolean(why);
  views.group.hidden = phase !== 'group';
  views.vote.hidden = phase !== 'vote';
  views.results.hidden = phase !== 'results';

  const notes = live.notesOf(board);
  if (writing) renderWrite(board, notes, !why);
  else renderOutbox(board, false);
  if (phase === 'group') groupView.render(board);
  if (phase === 'vote') voteView.render(board);
  if (phase === 'results') results.replaceChildren(resultsList(notes, board));
  timer.update(board);

  if (live.you && live.you.name !== undefined && !document.getElementById('name-input').value) {
    document.getElementById('name-input').value = live.you.name;
  }
  if (shownBoardId !== null && shownBoardId !== board.id) {
    announce(t('now_showing', { question: board.question }));
  } else if (shownPhase !== null && shownPhase !== phase) {
    announce(t('phase_now', { phase: t(`phase_${phase}`) }));
  }
  shownBoardId = board.id;
  shownPhase = phase;
}

live.addEventListener('change', (event) => {
  const { kind } = event.detail;
  if (kind === 'status' || kind === 'presence') return;
  // Do not redraw while the person is editing one of their notes.
  if (myList.querySelector('.edit-form') && kind !== 'workshop' && kind !== EV.BOARD_STATE) return;
  render();
});

render(); // before the first snapshot: whatever waits in the outbox

// The workshop was deleted (or this link refused): nothing can be posted any more.
live.addEventListener('change', (event) => {
  if (event.detail.kind !== 'status' || live.status !== 'refused') return;
  noteForm.hidden = true;
  closed.hidden = false;
  closed.textContent = live.statusMessage;
});
