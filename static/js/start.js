// Start page: extra question rows and the list of this browser's workshops.
import { el } from './dom.js';
import { myWorkshops } from './storage.js';

const addButton = document.getElementById('add-question');
const list = document.getElementById('question-list');
if (addButton && list) {
  addButton.hidden = false;
  addButton.addEventListener('click', () => {
    const n = list.children.length + 1;
    if (n > Number(addButton.dataset.max)) return;
    const id = `question-${n}`;
    const textarea = el('textarea', { id, name: 'question', rows: 2 });
    list.append(el('li', { class: 'field' },
      el('label', { for: id }, addButton.dataset.label.replace('{n}', n)), textarea));
    textarea.focus();
    addButton.disabled = n >= Number(addButton.dataset.max);
  });
}

const mine = myWorkshops();
if (mine.length) {
  const section = document.getElementById('my-workshops');
  section.hidden = false;
  document.getElementById('my-workshop-list').replaceChildren(
    ...mine.map((w) => el('li', {}, el('a', { href: w.url }, w.title))));
}
