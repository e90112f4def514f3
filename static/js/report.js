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
