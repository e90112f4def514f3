// The facilitator's view of the voting: dots placed and by how many people,
// the live counts when the board shows them, and the ranked results.
import { el } from '../dom.js';
import { t, tCount } from '../i18n.js';
import { itemsOf, rankTally, resultsList } from '../board-items.js';

export function renderVoteSummary(node, live, board) {
  const notes = live.notesOf(board).filter((n) => !n.hidden);
  if (board.phase !== 'vote' && board.phase !== 'results') {
    node.hidden = true;
    node.replaceChildren();
    return;
  }
  node.hidden = false;
  const votes = board.votes || {};
  const progress = el('p', { class: 'vote-progress' },
    t('vote_progress', { dots: tCount('dots', votes.dots || 0), voters: tCount('voters', votes.voters || 0) }));
  if (board.phase === 'results') {
    node.replaceChildren(el('h3', {}, t('results')), progress, resultsList(notes, board));
    return;
  }
  const items = itemsOf(notes, board);
  const parts = [el('h3', {}, t('voting')), progress,
    el('p', { class: 'hint' }, tCount('items', items.length), ' · ',
      t('budget_per_person', { n: board.settings.vote_budget }))];
  if (votes.tally) {
    parts.push(resultsList(notes, board, { results: rankTally(items, votes.tally), showNotes: false }));
  }
  node.replaceChildren(...parts);
}
