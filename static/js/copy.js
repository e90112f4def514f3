// "Copy" buttons next to read-only link fields.
import { t } from './i18n.js';
import { announce } from './dom.js';

export function wireCopyButtons(root = document) {
  for (const button of root.querySelectorAll('[data-copy]')) {
    button.addEventListener('click', async () => {
      const input = document.getElementById(button.dataset.copy);
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
        announce(t('copied'));
        button.textContent = t('copied');
      } catch {
        announce(t('copy_failed'));
      }
    });
  }
}
