// Note cards and the note composer, shared by the phone and facilitator pages.
import { el, clock, announce } from './dom.js';
import { t, lang } from './i18n.js';
import { NOTE_MAX_CHARS } from './protocol.js';

/** A sticky note as a list item; `actions` are extra nodes (buttons) to add. */
export function noteCard(note, { actions = [], mine = false } = {}) {
  return el('li', { class: `note${mine ? ' mine' : ''}`, dataset: { id: note.id } },
    // The person's own notes: their Edit and Delete buttons name the note they act on.
    el('p', { class: 'note-text', id: mine ? `note-text-${note.id}` : null }, note.text),
    el('p', { class: 'note-meta' },
      note.name ? el('span', { class: 'note-name' }, note.name) : null,
      mine ? el('span', { class: 'note-mine' }, t('mine')) : null,
      el('time', { datetime: note.created_at }, clock(note.created_at, lang))),
    actions.length ? el('div', { class: 'note-actions' }, actions) : null);
}

/** Length as people count it (emoji and æøå are one character each). */
export function length(text) {
  return [...text.trim()].length;
}

/** Live "N characters left" under a textarea; returns a function that refreshes it. */
export function counter(textarea, output) {
  const update = () => {
    const left = NOTE_MAX_CHARS - length(textarea.value);
    output.textContent = left >= 0 ? t('chars_left', { n: left }) : t('too_long', { n: -left });
    output.classList.toggle('over', left < 0);
    textarea.setAttribute('aria-invalid', left < 0 ? 'true' : 'false');
  };
  textarea.addEventListener('input', update);
  update();
  return update;
}

/**
 * Wire a note form: validate, send through `submit(text)`, keep the text on
 * refusal and show why. `submit` resolves with the server's acknowledgement.
 */
export function composer(form, submit) {
  const textarea = form.querySelector('textarea');
  const error = form.querySelector('.field-error');
  const button = form.querySelector('button[type=submit]');
  const refresh = counter(textarea, form.querySelector('.counter'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = textarea.value;
    if (!text.trim()) { textarea.focus(); return; }
    if (length(text) > NOTE_MAX_CHARS) {
      // The counter under the field already says it in red: say it once, not again
      // below; a screen reader hears it through the live region.
      error.textContent = '';
      textarea.focus();
      announce(t('too_long', { n: length(text) - NOTE_MAX_CHARS }));
      return;
    }
    button.disabled = true;
    error.textContent = '';
    const ack = await submit(text);
    button.disabled = false;
    if (ack.ok) {
      if (textarea.value === text) textarea.value = '';
      refresh();
    } else {
      error.textContent = ack.error.message;
    }
    textarea.focus();
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
}
