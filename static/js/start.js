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

// The template button fills in the questions where they are: no reload, so a title
// already typed stays. (Without JavaScript it posts the form to /workshops/template,
// which shows the page again with everything typed kept.)
const useTemplate = document.getElementById('use-template');
if (useTemplate && list) {
  useTemplate.addEventListener('click', (event) => {
    event.preventDefault();
    const questions = JSON.parse(useTemplate.dataset.questions);
    const label = addButton ? addButton.dataset.label : '{n}';
    list.replaceChildren(...questions.map((question, index) => {
      const id = `question-${index + 1}`;
      return el('li', { class: 'field' }, el('label', { for: id }, label.replace('{n}', index + 1)),
        el('textarea', { class: 'ds-input', id, name: 'question', rows: 2 }, question));
    }));
    if (addButton) addButton.disabled = questions.length >= Number(addButton.dataset.max);
    list.querySelector('textarea').focus();
  });
}

const mine = myWorkshops();
if (mine.length) {
  const section = document.getElementById('my-workshops');
  section.hidden = false;
  document.getElementById('my-workshop-list').replaceChildren(
    ...mine.map((w) => el('li', {}, el('a', { href: w.url }, w.title))));
}
