// What the projector shows after writing: the groups (group phase), the items
// to vote on and the progress (vote phase), the ranked results (results).
import { el } from '../dom.js';
import { t, tCount } from '../i18n.js';
import { grouped, groupTitle, itemsOf, itemTitle, rankTally, resultsList } from '../board-items.js';

/** Fewer notes get bigger type, so a handful reads from the back of the room. */
export function density(n) {
  if (n <= 6) return 'xl';
  if (n <= 15) return 'l';
  if (n <= 40) return 'm';
  return 's';
}

function noteItem(note) {
  return el('li', { class: 'note', dataset: { id: note.id } },
    el('p', { class: 'note-text' }, note.text),
    note.name ? el('p', { class: 'note-meta' }, el('span', { class: 'note-name' }, note.name)) : null);
}

function column(heading, notes, attrs) {
  return el('section', { class: 'screen-group', ...attrs },
    el('h2', { class: 'group-head' },
      el('span', { class: 'group-title' }, heading),
      el('span', { class: 'group-count' }, tCount('notes', notes.length))),
    el('ul', { class: 'group-notes' }, notes.map(noteItem)));
}

/** Group phase: every group as a labelled column, the ungrouped notes apart. */
export function groupView(notes, board) {
  const { groups, ungrouped } = grouped(notes, board);
  const columns = groups.filter((g) => g.notes.length)
    .map(({ group, notes: inGroup }) => column(groupTitle(group), inGroup,
      { dataset: { groupId: group.id } }));
  return el('div', { class: 'screen-groups', dataset: { density: density(notes.length) } },
    columns,
    ungrouped.length || !columns.length
      ? column(t('ungrouped'), ungrouped, { id: 'ungrouped', class: 'screen-group ungrouped' })
      : null);
}

function progress(board) {
  const votes = board.votes || {};
  return el('p', { class: 'vote-progress', id: 'vote-progress' },
    t('vote_progress', { dots: tCount('dots', votes.dots || 0), voters: tCount('voters', votes.voters || 0) }));
}

/** Vote phase: the items (groups and ungrouped notes) and how far the room has come. */
export function voteView(notes, board) {
  const items = itemsOf(notes, board);
  const tally = board.settings.live_counts ? board.votes?.tally : null;
  const body = tally
    ? resultsList(notes, board, { results: rankTally(items, tally), showNotes: false })
    : el('ul', { class: 'vote-items', dataset: { density: density(items.length) } }, items.map((item) =>
      el('li', {
        class: `vote-item ${item.kind === 'group' ? 'is-group' : 'note'}`,
        dataset: { kind: item.kind, id: item.id },
      },
      el('p', { class: item.kind === 'group' ? 'group-title' : 'note-text' }, itemTitle(item)),
      item.kind === 'group'
        ? el('p', { class: 'group-count' }, tCount('notes', item.notes.length)) : null)));
  return el('div', { class: 'screen-vote' },
    el('p', { class: 'vote-instruction' }, t('vote_instruction', { n: board.settings.vote_budget })),
    progress(board), body);
}

/** Results phase: ranked items with bars, each group's notes under it. */
export function resultsView(notes, board) {
  // A long list must still fit the wall: then only the top groups list their notes.
  const many = (board.results || []).length > 8;
  return el('div', { class: 'screen-results', dataset: { many: many ? '1' : '' } }, progress(board),
    resultsList(notes, board, { notesUpToRank: many ? 3 : Infinity }));
}
