// The closed panels (<details>) of the facilitator page. An address that
// points into one (after a form, e.g. #cofacilitator) opens it, and the
// height of the sticky bar is kept in --bar-h for what sticks below it.

/** Open the panel the address's #fragment is, or is inside of. */
export function openTargetPanel() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  const panel = target?.closest('details');
  if (panel) {
    panel.open = true;
    target.scrollIntoView({ block: 'start' });
  }
}

/** Keep the CSS variable --bar-h equal to the sticky bar's height. */
export function trackBarHeight(bar) {
  const set = () => document.documentElement.style.setProperty('--bar-h', `${bar.offsetHeight}px`);
  new ResizeObserver(set).observe(bar);
  set();
}

/** The lowest edge of the sticky bar on screen (where the board's visible part starts). */
export function barBottom(bar) {
  const box = bar.getBoundingClientRect();
  return getComputedStyle(bar).position === 'sticky' ? Math.max(0, box.bottom) : 0;
}
