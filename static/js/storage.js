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
  try {
    localStorage.setItem(KEY, JSON.stringify(list.slice(0, 50)));
  } catch {
    // Private mode or full storage: the link is still shown on the page.
  }
}
