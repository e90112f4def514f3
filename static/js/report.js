// Report, series and synthesis pages: print buttons, copy buttons, and the
// "shown once" link dropped from the address bar after it was shown.
import { wireCopyButtons } from './copy.js';

for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}

wireCopyButtons();

const url = new URL(window.location.href);
if (url.searchParams.has('new')) {
  url.searchParams.delete('new');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

// Tables and charts wider than the screen scroll sideways in their own box (WCAG 1.4.10
// allows that for two-dimensional content). A box that scrolls must be reachable with the
// keyboard to be scrolled, and say what it holds: it gets tabindex="0", is a named region,
// and loses both again when it fits.
function keyboardScrollers() {
  for (const box of document.querySelectorAll('.table-scroll, .report-chart')) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      if (box.tagName !== 'FIGURE') box.setAttribute('role', 'region');
      if (!box.hasAttribute('aria-labelledby')) {
        const name = box.querySelector('caption, svg > title')
          || box.closest('section')?.querySelector('h2, h3');
        if (name) {
          if (!name.id) name.id = `scroll-name-${Math.random().toString(36).slice(2, 9)}`;
          box.setAttribute('aria-labelledby', name.id);
        }
      }
    } else {
      box.removeAttribute('tabindex');
      if (box.getAttribute('role') === 'region') box.removeAttribute('role');
    }
  }
}
keyboardScrollers();
window.addEventListener('resize', keyboardScrollers);
