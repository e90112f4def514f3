// What a board shows after writing, shared by every screen: its groups with
// their notes, the votable items (groups, then ungrouped notes) and the
// ranked results with bars.
import { el } from './dom.js';
import { t, tCount } from './i18n.js';

/** "g7" / "n12": the key of an item in vote tallies. */
export function itemKey(item) {
  return `${item.kind === 'group' ? 'g' : 'n'}${item.id}`;
}

/** A group's title, or the words for an untitled one. */
export function groupTitle(group) {
  return group && group.title ? group.title : t('untitled_group');
}

/**
 * The board's groups (in server order) each with its notes, and the notes
 * in no group: { groups: [{group, notes}], ungrouped: [note] }.
 */
export function grouped(notes, board) {
  const byGroup = new Map((board.groups || []).map((g) => [g.id, { group: g, notes: [] }]));
  const ungrouped = [];
  for (const note of notes) {
    const entry = note.group_id === null || note.group_id === undefined
      ? null : byGroup.get(note.group_id);
    if (entry) entry.notes.push(note);
    else ungrouped.push(note);
  }
  return { groups: [...byGroup.values()], ungrouped };
}

/** Votable items: every group with notes, then every ungrouped note. */
export function itemsOf(notes, board) {
  const { groups, ungrouped } = grouped(notes, board);
  return [
    ...groups.filter((g) => g.notes.length)
      .map(({ group, notes: inGroup }) => ({ kind: 'group', id: group.id, group, notes: inGroup })),
    ...ungrouped.map((note) => ({ kind: 'note', id: note.id, note, notes: [note] })),
  ];
}

/** The title an item is shown with: the group's title or the note's text. */
export function itemTitle(item) {
  return item.kind === 'group' ? groupTitle(item.group) : item.note.text;
}

/** Competition ranking (1, 2, 2, 4) of items by a live tally {"g7": 5}. */
export function rankTally(items, tally = {}) {
  const rows = items.map((it) => ({ kind: it.kind, id: it.id, votes: tally[itemKey(it)] || 0 }));
  rows.sort((a, b) => b.votes - a.votes); // stable: equal counts keep the board's order
  rows.forEach((row, i) => {
    row.rank = i && row.votes === rows[i - 1].votes ? rows[i - 1].rank : i + 1;
  });
  return rows;
}

/** The rank label, "2." (ties share it). */
function rankLabel(result, tied) {
  return el('span', { class: 'result-rank' },
    `${result.rank}.`,
    tied ? el('span', { class: 'result-tied' }, t('tied')) : null);
}

/**
 * The ranked results as an ordered list with a bar per item.
 * `notes` are the board's visible notes (for titles and each group's notes);
 * `notesUpToRank` lists the notes only under the groups ranked that high.
 */
export function resultsList(notes, board, options = {}) {
  const { showNotes = true, notesUpToRank = Infinity, results: given } = options;
  const items = new Map(itemsOf(notes, board).map((item) => [itemKey(item), item]));
  const results = (given || board.results || []).filter((r) => items.has(itemKey(r)));
  const most = Math.max(1, ...results.map((r) => r.votes));
  const ranks = new Map();
  for (const r of results) ranks.set(r.rank, (ranks.get(r.rank) || 0) + 1);
  if (!results.length) return el('p', { class: 'empty results-empty' }, t('no_results'));
  return el('ol', { class: 'results' }, results.map((result) => {
    const item = items.get(itemKey(result));
    const fill = el('span', { class: 'result-bar-fill' });
    fill.style.width = `${Math.round((result.votes / most) * 100)}%`;
    const grouped = item.kind === 'group';
    return el('li', {
      class: `result${result.votes ? '' : ' no-votes'}`,
      dataset: { rank: result.rank, kind: result.kind, id: result.id },
    },
    el('div', { class: 'result-head' },
      rankLabel(result, ranks.get(result.rank) > 1),
      el('span', { class: `result-title${grouped ? '' : ' is-note'}` }, itemTitle(item)),
      el('span', { class: 'result-votes' }, tCount('votes', result.votes))),
    el('div', { class: 'result-bar', 'aria-hidden': 'true' }, fill),
    grouped && showNotes && result.rank <= notesUpToRank && item.notes.length
      ? el('ul', { class: 'result-notes', 'aria-label': tCount('notes', item.notes.length) },
        item.notes.map((n) => el('li', { dataset: { id: n.id } }, n.text)))
      : null);
  }));
}
