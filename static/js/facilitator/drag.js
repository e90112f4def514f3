// Drag and drop on the grouping board with Pointer Events (mouse, pen, touch).
//
// Mouse and pen start a drag after a few pixels of movement. Touch starts one
// only after a long press (~300 ms) without moving, so a finger can still
// scroll the page. While dragging, a copy of the card follows the pointer and
// the place it would land in is outlined (with a text label, not colour only).
// Held near the edge of the window (below the sticky bar) or of a column that
// scrolls, the pointer scrolls it, faster the closer it gets, so a target
// outside the view can be reached in one drag.

const THRESHOLD_PX = 6;
const LONG_PRESS_MS = 300;
const TOUCH_SLOP_PX = 10;
const EDGE_PX = 56;
const MAX_SPEED = 1400; // px per second, at the very edge
const FRAME_MS = 16;

/**
 * Pixels to scroll for a pointer at `pos` between `low` and `high` (0: none),
 * over `ms` milliseconds: by time, not by frame, so a busy machine scrolls as fast.
 */
export function edgeStep(pos, low, high, ms = FRAME_MS) {
  const band = Math.min(EDGE_PX, (high - low) / 4);
  const most = (MAX_SPEED * Math.min(ms, 100)) / 1000;
  if (pos < low + band) return -Math.ceil(most * Math.min(1, (low + band - pos) / band));
  if (pos > high - band) return Math.ceil(most * Math.min(1, (pos - (high - band)) / band));
  return 0;
}

/** The nearest ancestor of `node` that scrolls vertically and can go in direction `step`. */
function scroller(node, y, ms) {
  for (let n = node; n && n !== document.body && n !== document.documentElement; n = n.parentElement) {
    if (n.scrollHeight <= n.clientHeight + 1) continue;
    const overflow = getComputedStyle(n).overflowY;
    if (overflow !== 'auto' && overflow !== 'scroll') continue;
    const box = n.getBoundingClientRect();
    const step = edgeStep(y, box.top, box.bottom, ms);
    const room = step < 0 ? n.scrollTop > 0 : n.scrollTop + n.clientHeight < n.scrollHeight - 1;
    if (step && room) return { node: n, step };
  }
  return null;
}

/**
 * Make `root` a drag surface. `describe(target)` turns a pointerdown target
 * into a drag source ({kind: 'note'|'group', id, node}) or null;
 * `targetAt(source, element)` finds the drop target under the pointer
 * ({node, ...}) or null; `drop(source, target)` acts on a drop.
 * Returns {isDragging()}.
 */
export function dragSurface(root, { describe, targetAt, drop, onEnd, topInset = () => 0 }) {
  let pending = null; // a pointer that went down on a source, not dragging yet
  let drag = null;    // the drag in progress
  let suppressClick = false;

  function start() {
    const { source, pointerId, x, y, captureNode } = pending;
    const box = source.node.getBoundingClientRect();
    const ghost = source.node.cloneNode(true);
    ghost.classList.add('drag-ghost');
    ghost.removeAttribute('id');
    for (const n of ghost.querySelectorAll('[id],[data-key]')) {
      n.removeAttribute('id');
      n.removeAttribute('data-key');
    }
    ghost.setAttribute('aria-hidden', 'true');
    ghost.style.width = `${box.width}px`;
    // In a layer that carries the board's class, so the copy looks like the card.
    const layer = document.createElement('div');
    layer.className = `${root.className} drag-layer`;
    layer.setAttribute('aria-hidden', 'true');
    layer.append(ghost);
    document.body.append(layer);
    drag = { source, pointerId, ghost: layer, card: ghost, dx: x - box.left, dy: y - box.top, target: null,
      x, y, frame: 0 };
    source.node.classList.add('dragging');
    document.body.classList.add('is-dragging');
    try { captureNode.setPointerCapture(pointerId); } catch { /* pointer already gone */ }
    move(x, y);
    drag.frame = requestAnimationFrame(autoScroll);
  }

  /** Every frame of a drag: scroll a column or the window when the pointer rests at an edge. */
  function autoScroll(now) {
    if (!drag) return;
    const { x, y } = drag;
    const ms = drag.lastFrame ? now - drag.lastFrame : FRAME_MS;
    drag.lastFrame = now;
    let scrolled = false;
    // Probe a little inside as well: a pointer just past a column's edge still means it.
    let inner = null;
    for (const probe of [y, y - EDGE_PX / 2, y + EDGE_PX / 2]) {
      const under = document.elementFromPoint(Math.max(0, x), Math.min(window.innerHeight - 1, Math.max(0, probe)));
      inner = under ? scroller(under, y, ms) : null;
      if (inner) break;
    }
    if (inner) {
      inner.node.scrollTop += inner.step;
      scrolled = true;
    } else {
      const step = edgeStep(y, topInset(), window.innerHeight, ms);
      const before = window.scrollY;
      if (step) window.scrollBy(0, step);
      scrolled = window.scrollY !== before;
    }
    if (scrolled) move(x, y);
    drag.frame = requestAnimationFrame(autoScroll);
  }

  function move(x, y) {
    drag.x = x;
    drag.y = y;
    drag.card.style.transform = `translate(${x - drag.dx}px, ${y - drag.dy}px) rotate(2deg) scale(.92)`;
    const under = document.elementFromPoint(x, y);
    const target = under ? targetAt(drag.source, under) : null;
    if (target?.node !== drag.target?.node) {
      drag.target?.node.classList.remove('drop-target');
      target?.node.classList.add('drop-target');
    }
    drag.target = target;
  }

  function finish(commit) {
    clearTimeout(pending?.timer);
    pending = null;
    if (!drag) return;
    const { source, target, ghost, frame } = drag;
    cancelAnimationFrame(frame);
    drag = null;
    ghost.remove();
    source.node.classList.remove('dragging');
    target?.node.classList.remove('drop-target');
    document.body.classList.remove('is-dragging');
    suppressClick = true;
    setTimeout(() => { suppressClick = false; }, 0);
    if (commit && target) drop(source, target);
    onEnd?.();
  }

  root.addEventListener('pointerdown', (event) => {
    if (drag || (event.pointerType === 'mouse' && event.button !== 0)) return;
    const source = describe(event.target);
    if (!source) return;
    pending = {
      source, pointerId: event.pointerId, x: event.clientX, y: event.clientY,
      touch: event.pointerType === 'touch', captureNode: source.node, timer: null,
    };
    if (pending.touch) {
      pending.timer = setTimeout(() => { if (pending) { start(); navigator.vibrate?.(10); } },
        LONG_PRESS_MS);
    }
  });

  root.addEventListener('pointermove', (event) => {
    if (drag && event.pointerId === drag.pointerId) {
      event.preventDefault();
      move(event.clientX, event.clientY);
      return;
    }
    if (!pending || event.pointerId !== pending.pointerId) return;
    const distance = Math.hypot(event.clientX - pending.x, event.clientY - pending.y);
    if (pending.touch) {
      if (distance > TOUCH_SLOP_PX) { clearTimeout(pending.timer); pending = null; } // a scroll
    } else if (distance > THRESHOLD_PX) {
      pending.x = event.clientX;
      pending.y = event.clientY;
      start();
    }
  });

  root.addEventListener('pointerup', (event) => {
    if (drag && event.pointerId === drag.pointerId) {
      move(event.clientX, event.clientY);
      finish(true);
    } else if (pending && event.pointerId === pending.pointerId) {
      finish(false);
    }
  });
  root.addEventListener('pointercancel', () => finish(false));
  // While a touch drag runs, the page must not scroll under the finger.
  root.addEventListener('touchmove', (event) => { if (drag) event.preventDefault(); }, { passive: false });
  root.addEventListener('contextmenu', (event) => { if (drag || pending?.touch) event.preventDefault(); });
  // A drag ends with a click on the card it started on: that is not a selection.
  root.addEventListener('click', (event) => {
    if (suppressClick) { event.preventDefault(); event.stopPropagation(); }
  }, true);
  document.addEventListener('keydown', (event) => {
    if (drag && event.key === 'Escape') { event.preventDefault(); finish(false); }
  });

  return { isDragging: () => Boolean(drag || pending) };
}
