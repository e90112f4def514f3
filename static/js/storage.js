// What this browser remembers: the facilitator links of workshops created here.
const KEY = 'verksted.workshops';

export function myWorkshops() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

export function rememberWorkshop(title, url) {
  const list = myWorkshops().filter((w) => w.url !== url);
  list.unshift({ title, url, saved: new Date().toISOString() });
  saveWorkshops(list.slice(0, 50));
}

/** Drop a link that no longer works (it was replaced by a new one). */
export function forgetWorkshop(url) {
  const list = myWorkshops();
  const kept = list.filter((w) => w.url !== url);
  if (kept.length !== list.length) saveWorkshops(kept);
}

function saveWorkshops(list) {
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Private mode or full storage: the link is still shown on the page.
  }
}

// A note being written on a phone, kept across a reload like the outbox keeps unsent
// notes; cleared once it is sent. One per workshop (its join code).
const draftKey = (scope) => `verksted.draft.${scope}`;

export function loadDraft(scope) {
  try {
    return localStorage.getItem(draftKey(scope)) || '';
  } catch {
    return '';
  }
}

export function saveDraft(scope, text) {
  try {
    if (text) localStorage.setItem(draftKey(scope), text);
    else localStorage.removeItem(draftKey(scope));
  } catch {
    // Private mode or full storage: the text is only in the field.
  }
}
