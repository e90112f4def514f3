// Small DOM helpers. Text is always inserted as text nodes, never as HTML,
// so a note containing markup shows as the characters typed.

/**
 * Buttons made here look like the templates' Designsystemet buttons: class "button"
 * (with "primary", "secondary", "danger", or "on" for a pressed toggle) also gets
 * ds-button, data-variant and, for "danger", data-color.
 */
function designsystemButton(node) {
  const classes = node.classList;
  classes.add('ds-button');
  if (!node.dataset.variant) {
    node.dataset.variant = classes.contains('primary') || classes.contains('on') ? 'primary' : 'secondary';
  }
  if (classes.contains('danger') && !node.dataset.color) node.dataset.color = 'danger';
}

/** Create an element: el('li', {class: 'note', dataset: {id: 3}}, 'text', child). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  if (node.classList.contains('button') && !node.classList.contains('ds-button')) designsystemButton(node);
  return node;
}

/** Replace all children of `node`. */
export function replaceChildren(node, children) {
  node.replaceChildren(...children);
}

/** Politely tell screen-reader users something, without flooding them. */
let announceTimer = null;
export function announce(text) {
  const region = document.getElementById('announcer');
  if (!region) return;
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => { region.textContent = text; }, 150);
}

/**
 * Intl locales for each page language, best first: Intl takes the first one
 * the browser knows, so Nynorsk falls back to Bokmål where nn is missing.
 */
const CLOCK_LOCALES = { nb: ['nb-NO'], nn: ['nn-NO', 'nb-NO'], en: ['en-GB'] };

/** Format an ISO time as hh:mm in Norway's time zone. */
export function clock(iso, lang) {
  try {
    return new Intl.DateTimeFormat(CLOCK_LOCALES[lang] || CLOCK_LOCALES.nb, {
      hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo',
    }).format(new Date(iso));
  } catch {
    return '';
  }
}

/**
 * Run `redraw` (which replaces DOM) and put the focus back on the element
 * with the same id as before, so a live update never drops it on <body>.
 */
export function keepFocus(redraw) {
  const active = document.activeElement;
  const id = active && active !== document.body ? active.id : '';
  redraw();
  if (id && document.activeElement !== active) {
    const again = document.getElementById(id);
    if (again && again !== document.activeElement) again.focus({ preventScroll: true });
  }
}
