// What the projector shows in each phase, built as fit areas (./fit.js): the
// notes as they arrive, the groups as labelled clusters, the items to vote on,
// the ranked results. Each view returns { node, area, steps }: `area` is the
// element fitted to the screen, its `.fit-unit` children are what may be paged,
// `steps` are the ways to draw it, roomiest first.
import { el } from '../dom.js';
import { t, tCount } from '../i18n.js';
import { grouped, groupTitle, itemsOf, itemTitle, rankTally, resultsList } from '../board-items.js';

/** One note card: its text (clamped on the wall; the facilitator page has it whole) and name. */
export function noteItem(note) {
  return el('li', { class: 'note fit-unit', dataset: { id: note.id } },
    el('p', { class: 'note-text' }, note.text),
    note.name ? el('p', { class: 'note-meta' }, el('span', { class: 'note-name' }, note.name)) : null);
}

function cluster(heading, notes, attrs) {
  return el('section', { class: 'screen-group fit-cluster', ...attrs },
    el('h2', { class: 'group-head' },
      el('span', { class: 'group-title' }, heading),
      el('span', { class: 'group-count' }, tCount('notes', notes.length))),
    el('ul', { class: 'group-notes' }, notes.map(noteItem)));
}

/** Group phase: every group as a labelled cluster, the ungrouped notes in one of their own. */
export function groupView(notes, board) {
  const { groups, ungrouped } = grouped(notes, board);
  const clusters = groups.filter((g) => g.notes.length)
    .map(({ group, notes: inGroup }) => cluster(groupTitle(group), inGroup,
      { dataset: { groupId: group.id } }));
  const area = el('div', { class: 'screen-groups fit-area' }, clusters,
    ungrouped.length || !clusters.length
      ? cluster(t('ungrouped'), ungrouped, { id: 'ungrouped', class: 'screen-group fit-cluster ungrouped' })
      : null);
  // Roomy first; then each note on fewer lines.
  return { node: area, area, steps: [() => {}, () => area.classList.add('tight')] };
}

function progress(board) {
  const votes = board.votes || {};
  return el('p', { class: 'vote-progress', id: 'vote-progress' },
    t('vote_progress', { dots: tCount('dots', votes.dots || 0), voters: tCount('voters', votes.voters || 0) }));
}

function asArea(list) {
  list.classList.add('fit-area');
  for (const unit of list.children) unit.classList.add('fit-unit');
  return list;
}

/** Vote phase: the items (groups and ungrouped notes) and how far the room has come. */
export function voteView(notes, board) {
  const items = itemsOf(notes, board);
  const tally = board.settings.live_counts ? board.votes?.tally : null;
  const area = asArea(tally
    ? resultsList(notes, board, { results: rankTally(items, tally), showNotes: false })
    : el('ul', { class: 'vote-items' }, items.map((item) => el('li', {
      class: `vote-item ${item.kind === 'group' ? 'is-group' : 'note'}`,
      dataset: { kind: item.kind, id: item.id },
    },
    el('p', { class: item.kind === 'group' ? 'group-title' : 'note-text' }, itemTitle(item)),
    item.kind === 'group' ? el('p', { class: 'group-count' }, tCount('notes', item.notes.length)) : null))));
  const node = el('div', { class: 'screen-vote' },
    el('p', { class: 'vote-instruction' }, t('vote_instruction', { n: board.settings.vote_budget })),
    progress(board), area);
  return { node, area, steps: [() => {}] };
}

/** "3 more items got no dots: A · B · C", on one line under the ranking. */
function noDots(notes, board, results) {
  const items = new Map(itemsOf(notes, board).map((item) => [`${item.kind}${item.id}`, item]));
  const titles = results.map((r) => items.get(`${r.kind}${r.id}`)).filter(Boolean).map(itemTitle);
  if (!titles.length) return null;
  return el('p', { class: 'results-none', id: 'results-none' },
    el('strong', {}, tCount('no_dots', titles.length)), ' ', titles.join(' · '));
}

/**
 * Results phase: the items that got dots, ranked, with bars; the top three
 * larger. A theme's notes are listed under it while there is room, else only
 * counted. Items with no dots share one line.
 */
export function resultsView(notes, board) {
  const all = board.results || [];
  const voted = all.filter((r) => r.votes > 0);
  const area = asArea(resultsList(notes, board, { results: voted }));
  for (const li of area.querySelectorAll('.result[data-kind="group"]')) {
    const count = li.querySelectorAll('.result-notes li').length;
    if (count) {
      li.querySelector('.result-head').append(
        el('span', { class: 'result-note-count' }, tCount('notes', count)));
    }
  }
  const node = el('div', { class: 'screen-results' }, progress(board), area,
    noDots(notes, board, all.filter((r) => !r.votes)));
  return { node, area, steps: [() => {}, () => area.classList.add('collapsed')] };
}
