// Fitting a board to the wall (docs/projector.md). A "fit area" is an element
// that fills its slot on the screen, hides what overflows and lays its content
// out in columns sized in em of its font size, the CSS variable --fit. The
// largest size at which every unit (a note, a result) is inside the area wins;
// when even the legible floor is too big, the units are split into pages.

const BASE_WIDTH = 1920;
const BASE_HEIGHT = 1080;

/** How this screen compares with 1920×1080: 1 there, 2 on 4K, 0.67 at 1280×720. */
export function screenScale(width = window.innerWidth, height = window.innerHeight) {
  return Math.min(width / BASE_WIDTH, height / BASE_HEIGHT);
}

/**
 * The smallest text a board may use, in CSS px: 24 px at 1920×1080 while it
 * holds up to 50 units, 16 px beyond, scaled with the screen, never below 16.
 */
export function floorPx(count, scale = screenScale()) {
  return Math.max(16, Math.round((count <= 50 ? 24 : 16) * scale));
}

function overflows(area) {
  return area.scrollHeight > area.clientHeight + 1 || area.scrollWidth > area.clientWidth + 1;
}

function setSize(area, px) {
  area.style.setProperty('--fit', `${px}px`);
}

/** The largest whole px size in [low, high] at which nothing overflows, or null. */
export function largestFitting(area, low, high) {
  setSize(area, low);
  if (overflows(area)) return null;
  setSize(area, high);
  if (!overflows(area)) return high;
  let good = low;
  let bad = high;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    setSize(area, mid);
    if (overflows(area)) bad = mid;
    else good = mid;
  }
  setSize(area, good);
  return good;
}

/** Show only `shown` of `units`; a cluster (a group) with no unit shown is hidden too. */
export function showOnly(area, units, shown) {
  for (const unit of units) unit.hidden = !shown.has(unit);
  for (const cluster of area.querySelectorAll('.fit-cluster')) {
    const mine = cluster.querySelectorAll('.fit-unit');
    if (mine.length) cluster.hidden = ![...mine].some((unit) => !unit.hidden);
  }
}

function inside(node, box) {
  const r = node.getBoundingClientRect();
  return r.width > 0 && r.right <= box.right + 1 && r.bottom <= box.bottom + 1;
}

/** How many of `units`, from the first, are inside the area as laid out now. */
function leadingInside(units, box) {
  let k = 0;
  while (k < units.length && inside(units[k], box)) k += 1;
  return k;
}

/**
 * Split `units` into pages at the area's current size: each page is the run
 * of units that fits. `pinned` (the newest note) is kept on every page, after
 * the page's own units. Returns arrays of units; `pinned` is not in them.
 */
export function paginate(area, units, pinned = null) {
  const box = area.getBoundingClientRect();
  const pages = [];
  let rest = units.filter((u) => u !== pinned);
  while (rest.length) {
    showOnly(area, units, new Set(pinned ? [...rest, pinned] : rest));
    let k = leadingInside(rest, box);
    if (pinned) {
      // Make room for the pinned note: fewer units until it is inside too.
      while (k > 1) {
        showOnly(area, units, new Set([...rest.slice(0, k), pinned]));
        if (inside(pinned, box)) break;
        k -= 1;
      }
    }
    k = Math.max(1, k); // a unit bigger than the screen still gets a page of its own
    pages.push(rest.slice(0, k));
    rest = rest.slice(k);
  }
  return pages;
}

/**
 * Fit `units` into `area`: try each step (a way to draw the area, e.g. notes
 * expanded, then collapsed) from `max` px down to the floor; if none fits,
 * the last step at the floor, in pages. Returns { size, pages } (pages: arrays of units).
 */
export function fit(area, units, { max, floor, pinned = null, steps = [() => {}] }) {
  // Measure with columns filled in turn (cheap: no balancing); a board that fits on
  // one page gets balanced columns at the end, if they still fit.
  area.classList.remove('paged');
  area.classList.add('measuring');
  showOnly(area, units, new Set(units));
  const high = Math.max(floor, max);
  for (const step of steps) {
    step();
    const size = largestFitting(area, floor, high);
    if (size !== null) {
      area.classList.remove('measuring');
      if (overflows(area)) area.classList.add('measuring');
      return { size, pages: [units.filter((u) => u !== pinned)] };
    }
  }
  setSize(area, floor);
  area.classList.add('paged'); // pages: a long group may go on in the next column
  return { size: floor, pages: paginate(area, units, pinned) };
}

/** Undo fitting: the area flows and scrolls with the page (narrow windows, zoom). */
export function unfit(area, units) {
  area.style.removeProperty('--fit');
  area.classList.remove('paged', 'measuring');
  showOnly(area, units, new Set(units));
}
