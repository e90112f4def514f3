// A small popup menu (WAI-ARIA menu button pattern) for note and group actions.
//
// One menu is open at a time. It lives at the end of <body>, outside the
// board that re-renders, and knows its button only by data-key, so a redraw
// while it is open cannot strand the focus.
import { el } from '../dom.js';
import { t } from '../i18n.js';

let open = null;

/** Focus the element with `data-key="<key>"`, if it is on the page. */
export function focusKey(key) {
  const node = key ? document.querySelector(`[data-key="${CSS.escape(key)}"]`) : null;
  if (node) node.focus();
  return Boolean(node);
}

export function closeMenu({ restore = true } = {}) {
  if (!open) return;
  const { node, key } = open;
  open = null;
  node.remove();
  const button = document.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (button) button.setAttribute('aria-expanded', 'false');
  if (restore) focusKey(key);
}

function place(node, button) {
  const box = button.getBoundingClientRect();
  const width = Math.min(node.offsetWidth || 280, window.innerWidth - 16);
  const left = Math.max(8, Math.min(box.right - width, window.innerWidth - width - 8));
  let top = box.bottom + 4;
  if (top + node.offsetHeight > window.innerHeight - 8) {
    top = Math.max(8, box.top - node.offsetHeight - 4);
  }
  node.style.left = `${left}px`;
  node.style.top = `${top}px`;
}

function draw(items, label) {
  const { node } = open;
  node.setAttribute('aria-label', label);
  node.replaceChildren(...items.map((item) => {
    if (item.separator) return el('div', { role: 'separator', class: 'menu-separator' });
    return el('button', {
      type: 'button', role: 'menuitem', tabindex: '-1',
      class: `menu-item${item.danger ? ' danger' : ''}`,
      'aria-disabled': item.disabled ? 'true' : null,
      'aria-haspopup': item.submenu ? 'menu' : null,
      onclick: (event) => {
        event.stopPropagation();
        if (item.disabled) return;
        if (item.submenu) {
          const back = { label: `← ${t('back')}`, onSelect: () => draw(items, label), keep: true };
          draw([back, { separator: true }, ...item.submenu()], item.label);
          focusItem(0);
          return;
        }
        if (item.keep) { item.onSelect(); focusItem(0); return; }
        closeMenu({ restore: !item.manageFocus });
        item.onSelect();
      },
    }, item.label);
  }));
  place(node, document.querySelector(`[data-key="${CSS.escape(open.key)}"]`) || document.body);
}

function menuItems() {
  return open ? [...open.node.querySelectorAll('[role=menuitem]')] : [];
}

function focusItem(index) {
  const items = menuItems();
  if (!items.length) return;
  items[(index + items.length) % items.length].focus();
}

function onKey(event) {
  const items = menuItems();
  const at = items.indexOf(document.activeElement);
  if (event.key === 'ArrowDown') focusItem(at + 1);
  else if (event.key === 'ArrowUp') focusItem(at - 1);
  else if (event.key === 'Home') focusItem(0);
  else if (event.key === 'End') focusItem(items.length - 1);
  else if (event.key === 'Escape') closeMenu();
  else if (event.key === 'Tab') closeMenu();
  else return;
  event.preventDefault();
}

/**
 * Open a menu under `button` (which must have a data-key). `items` is a list
 * of {label, onSelect, disabled, danger, submenu: () => items, manageFocus}
 * or {separator: true}; after a choice the focus returns to the button
 * unless the item says it manages the focus itself.
 */
export function openMenu(button, items, label) {
  const key = button.dataset.key;
  const wasOpen = open && open.key === key;
  closeMenu({ restore: false });
  if (wasOpen) { button.focus(); return; }
  const node = el('div', { class: 'menu', role: 'menu', onkeydown: onKey });
  open = { node, key };
  document.body.append(node);
  draw(items, label);
  button.setAttribute('aria-expanded', 'true');
  focusItem(0);
}

/** The data-key of the button whose menu is open, or null. */
export function openMenuKey() {
  return open ? open.key : null;
}

/** Whether a menu is open (the board waits with focus-moving redraws). */
export function menuIsOpen() {
  return open !== null;
}

document.addEventListener('pointerdown', (event) => {
  if (open && !open.node.contains(event.target)
      && event.target.closest?.('[data-key]')?.dataset.key !== open.key) {
    closeMenu({ restore: false });
  }
});
window.addEventListener('resize', () => closeMenu({ restore: false }));
