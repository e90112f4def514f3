// Questions asked before an action that cannot be undone (templates/_confirm_dialog.html):
// a button with data-opens="<dialog id>" opens that modal dialog; Cancel (or Escape)
// closes it and the focus goes back to the button; the confirming button submits the
// form it names. Replacing the facilitator link also notes, for this tab only, which
// link is being replaced, so the next page can drop it from "your workshops".
const REPLACING = 'verksted.replacing';

/** Wire every data-opens button and every dialog's data-closes button on the page. */
export function wireConfirmations(ownUrl) {
  for (const button of document.querySelectorAll('button[data-opens]')) {
    const dialog = document.getElementById(button.dataset.opens);
    if (!dialog) continue;
    button.addEventListener('click', () => dialog.showModal());
    dialog.querySelector('[data-closes]')?.addEventListener('click', () => dialog.close());
  }
  document.getElementById('new-facilitator-link-form')?.addEventListener('submit', () => {
    try {
      sessionStorage.setItem(REPLACING, ownUrl);
    } catch {
      // Storage switched off: the dead link stays listed until a tab with it is told.
    }
  });
}

/** The facilitator link this tab just replaced (read once), or ''. */
export function replacedLink() {
  try {
    const url = sessionStorage.getItem(REPLACING) || '';
    sessionStorage.removeItem(REPLACING);
    return url;
  } catch {
    return '';
  }
}
