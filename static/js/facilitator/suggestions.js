// Grouping help on the facilitator's board (docs/grouping.md): up to three
// suggested groups under each ungrouped note, a "possible duplicate" mark on
// both notes of a look-alike pair, and a first draft of groups on request
// (draft-panel.js). Only facilitators and co-facilitators get any of it.
//
// Everything here is advice. Nothing on the board changes until the
// facilitator presses one of these buttons, and each one sends an ordinary
// grouping request (group:move, group:combine, group:create).
//
// The server pushes fresh suggestions ~0.3 s after every change of a board
// that is being written or grouped. A push only follows a change, so after a
// (re)connect or a switch of question we ask once (suggest:get).
import { menuIsOpen } from './menu.js';
import { EV } from '../protocol.js';
import { el, announce } from '../dom.js';
import { t } from '../i18n.js';
import { groupTitle } from '../board-items.js';
import { canGroup } from './grouping-board.js';
import { DraftPanel } from './draft-panel.js';

const SHOW_KEY = 'verksted.showSuggestions';
const MAX_SUGGESTIONS = 3;
const MAX_TWINS = 2;

function readShow() {
  try {
    return localStorage.getItem(SHOW_KEY) !== 'off';
  } catch {
    return true; // no storage (private mode): the help is on, as by default
  }
}

function writeShow(on) {
  try {
    localStorage.setItem(SHOW_KEY, on ? 'on' : 'off');
  } catch {
    // Not remembered; the choice still holds until the page is reloaded.
  }
}

/** A note's text cut for use inside a sentence. */
function short(text, max = 60) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export class GroupingHelp {
  /**
   * `grouping` is the GroupingBoard: it asks `noteHelp()` for each note's
   * extras and `menuItem()` for its menu. The bar and the draft panel are
   * put just before `before` (the add-note form), so Tab goes from the form
   * straight to the board.
   */
  constructor(live, grouping, { before }) {
    this.live = live;
    this.grouping = grouping;
    this.actions = grouping.actions;
    this.byBoard = new Map(); // board id -> {suggestions: {"<note id>": [...]}, duplicates: [...]}
    this.pushes = new Map();  // board id -> pushes seen, so an older answer never wins
    // "board:note:group" dismissed here: a push computed before the server knew stays quiet.
    this.dismissed = new Set();
    this.boardId = null;
    this.show = readShow();
    grouping.assist = this;

    this.toggle = el('input', {
      type: 'checkbox', class: 'ds-input', id: 'show-suggestions', 'aria-describedby': 'assist-hint',
      onchange: () => this.setShow(this.toggle.checked),
    });
    this.toggle.checked = this.show;
    this.opener = el('button', {
      type: 'button', class: 'button secondary', id: 'draft-open',
      'aria-expanded': 'false', 'aria-controls': 'draft-panel',
    }, t('draft_open'));
    this.bar = el('section', {
      class: 'assist', id: 'grouping-assist', 'aria-labelledby': 'assist-heading', hidden: true,
    },
    el('h3', { class: 'assist-heading', id: 'assist-heading' }, t('assist_heading')),
    el('div', { class: 'field checkbox' }, this.toggle,
      el('label', { for: 'show-suggestions' }, t('show_suggestions'))),
    this.opener,
    el('p', { class: 'hint', id: 'assist-hint' }, t('assist_hint')),
    this.methodLine = el('p', { class: 'hint', id: 'assist-method' }));
    this.draft = new DraftPanel(live, {
      opener: this.opener,
      fallback: () => grouping.root,
    });
    before.before(this.bar, this.draft.root);

    live.socket.on(EV.SUGGESTIONS, (payload) => this.receive(payload, true));
    // The same browser in another tab switched the help on or off.
    window.addEventListener('storage', (event) => {
      if (event.key === SHOW_KEY) this.setShow(readShow(), { save: false });
    });
  }

  /** Called by the console on every change of the current board. */
  render(board, kind) {
    if (kind === 'snapshot' || board.id !== this.boardId) {
      this.boardId = board.id;
      this.fetch(board.id);
    }
    this.bar.hidden = !canGroup(board);
    this.opener.hidden = board.phase !== 'group';
    this.draft.update(board);
  }

  setShow(on, { save = true } = {}) {
    this.show = on;
    this.toggle.checked = on;
    if (save) writeShow(on);
    this.grouping.render();
  }

  async fetch(boardId) {
    const seen = this.pushes.get(boardId) || 0;
    const ack = await this.live.request(EV.SUGGEST_GET, { board_id: boardId });
    // Advice only: if it cannot be had right now, the board works without it.
    if (!ack.ok || (this.pushes.get(boardId) || 0) !== seen) return;
    this.receive(ack, false);
  }

  receive(payload, pushed) {
    const id = payload.board_id;
    if (pushed) this.pushes.set(id, (this.pushes.get(id) || 0) + 1);
    const fresh = { suggestions: payload.suggestions || {}, duplicates: payload.duplicates || [] };
    // Which method this server uses: meaning (language model) or shared words.
    if (payload.method) this.methodLine.textContent = t(`method_${payload.method}`);
    const before = this.byBoard.get(id);
    this.byBoard.set(id, fresh);
    if (before && JSON.stringify(before) === JSON.stringify(fresh)) return;
    this.redrawWhenCalm(id);
  }

  /** Redraw for new advice, but never under an open menu (it would lose its button). */
  redrawWhenCalm(id) {
    if (menuIsOpen()) {
      clearTimeout(this.calmTimer);
      this.calmTimer = setTimeout(() => this.redrawWhenCalm(id), 300);
      return;
    }
    const board = this.live.currentBoard();
    if (board && board.id === id && this.show && canGroup(board)) this.grouping.render();
  }

  /** The suggested groups of an ungrouped note that still exist, best first. */
  options(board, note) {
    if (!this.show || note.hidden || (note.group_id !== null && note.group_id !== undefined)) return [];
    const listed = this.byBoard.get(board.id)?.suggestions[String(note.id)] || [];
    const groups = new Map((board.groups || []).map((g) => [g.id, g]));
    return listed
      .filter((option) => !this.dismissed.has(`${board.id}:${note.id}:${option.group_id}`))
      .map((option) => groups.get(option.group_id)).filter(Boolean)
      .slice(0, MAX_SUGGESTIONS);
  }

  /** Other notes that look like this one and are not in its group. */
  twins(board, note) {
    if (!this.show || note.hidden) return [];
    const others = [];
    for (const [a, b] of this.byBoard.get(board.id)?.duplicates || []) {
      const otherId = a === note.id ? b : b === note.id ? a : null;
      const other = otherId === null ? null : board.notes.get(otherId);
      if (!other || other.hidden || others.includes(other)) continue;
      const together = note.group_id !== null && note.group_id !== undefined
        && note.group_id === other.group_id;
      if (!together) others.push(other);
    }
    return others.slice(0, MAX_TWINS);
  }

  /** What goes under a note on the board: suggestion buttons, duplicate marks (or null). */
  noteHelp(note, editable) {
    const board = this.live.currentBoard();
    if (!board || !editable) return null;
    const options = this.options(board, note);
    const twins = this.twins(board, note);
    if (!options.length && !twins.length) return null;
    return el('div', { class: 'note-assist' },
      options.length ? this.suggestionButtons(note, options) : null,
      twins.map((other) => this.twinMark(note, other)));
  }

  suggestionButtons(note, groups) {
    return el('div', {
      class: 'suggest-list', role: 'group',
      'aria-label': t('suggestions_for', { text: short(note.text) }),
    },
    el('span', { class: 'suggest-label', 'aria-hidden': 'true' }, t('suggested')),
    groups.map((group) => el('span', { class: 'suggest-pair' },
      el('button', {
        type: 'button', class: 'suggest-button', dataset: { key: `suggest:${note.id}:${group.id}` },
        'aria-label': t('move_to_suggested', { group: groupTitle(group) }),
        onclick: () => this.accept(note.id, group.id),
      }, el('span', { class: 'suggest-arrow', 'aria-hidden': 'true' }, '→'), ' ', groupTitle(group)),
      el('button', {
        type: 'button', class: 'suggest-dismiss', dataset: { key: `dismiss:${note.id}:${group.id}` },
        'aria-label': t('dismiss_suggestion', { group: groupTitle(group) }),
        onclick: () => this.dismiss(note.id, group),
      }, el('span', { 'aria-hidden': 'true' }, '×')))));
  }

  /** "Not this group": the server remembers it; the button goes at once. */
  async dismiss(noteId, group) {
    const board = this.live.currentBoard();
    if (!board) return;
    const ack = await this.live.request(EV.SUGGEST_DISMISS,
      { board_id: board.id, note_id: noteId, group_id: group.id });
    if (!ack.ok) {
      announce(ack.error.message);
      return;
    }
    this.dismissed.add(`${board.id}:${noteId}:${group.id}`);
    const known = this.byBoard.get(board.id);
    const listed = known?.suggestions[String(noteId)];
    if (listed) {
      known.suggestions[String(noteId)] = listed.filter((o) => o.group_id !== group.id);
    }
    this.grouping.focusAfterRender(`note:${noteId}`);
    this.grouping.render();
    announce(t('suggestion_dismissed', { group: groupTitle(group) }));
  }

  twinMark(note, other) {
    const badgeId = `twin-${note.id}-${other.id}`;
    return el('div', { class: 'twin' },
      el('p', { class: 'twin-text' },
        el('span', { class: 'twin-badge', id: badgeId },
          el('span', { 'aria-hidden': 'true' }, '≈ '), t('possible_duplicate')),
        ' ', el('span', { class: 'twin-of' }, t('looks_like', { text: short(other.text) }))),
      el('button', {
        type: 'button', class: 'button small secondary twin-merge',
        dataset: { key: `twin:${note.id}:${other.id}` },
        'aria-label': t('merge_duplicate_named', { text: short(other.text) }),
        'aria-describedby': badgeId,
        onclick: () => this.mergeTwins(note.id, other.id),
      }, t('merge_duplicate')));
  }

  /** The note menu's "Move to suggested group: …" for one ungrouped note (or null). */
  menuItem(note, ids) {
    const board = this.live.currentBoard();
    if (!board || ids.length !== 1 || ids[0] !== note.id) return null;
    const [best] = this.options(board, note);
    if (!best) return null;
    return {
      label: t('move_to_suggested_menu', { group: groupTitle(best) }),
      manageFocus: true,
      onSelect: () => this.accept(note.id, best.id),
    };
  }

  /**
   * Move a note into a suggested group. The focus goes on to the next
   * ungrouped note (the facilitator is working through that pile), or
   * follows the note when it was the last one.
   */
  accept(noteId, groupId) {
    const picks = [...this.grouping.root.querySelectorAll('#ungrouped li.note .note-pick')];
    const ids = picks.map((pick) => Number(pick.closest('li.note').dataset.id));
    const at = ids.indexOf(noteId);
    const next = at < 0 ? undefined : ids[at + 1] ?? ids[at - 1];
    this.grouping.focusAfterRender(`note:${next ?? noteId}`);
    return this.actions.move([noteId], groupId);
  }

  /**
   * Put two look-alike notes together: a note outside a group joins the
   * other's group; otherwise the note whose button was pressed joins the
   * other one (two ungrouped notes make a new group).
   */
  mergeTwins(noteId, otherId) {
    const board = this.live.currentBoard();
    const note = board?.notes.get(noteId);
    const other = board?.notes.get(otherId);
    if (!note || !other) return null;
    const inGroup = (n) => n.group_id !== null && n.group_id !== undefined;
    const [moving, onto] = inGroup(note) && !inGroup(other) ? [other, note] : [note, other];
    this.grouping.focusAfterRender(`note:${noteId}`);
    return this.actions.send(EV.GROUP_COMBINE, { note_id: moving.id, onto_note_id: onto.id },
      (ack) => t('duplicates_merged', {
        group: this.actions.groupName(ack.moves?.[String(moving.id)] ?? onto.group_id),
      }));
  }
}
