// Translated sentences rendered by the server into the page as JSON data.
const strings = JSON.parse(document.getElementById('i18n-data').textContent);

/** The sentence for `key`, with %(name)s placeholders filled from `params`. */
export function t(key, params = {}) {
  const template = strings[key] ?? key;
  return template.replace(/%\((\w+)\)s/g, (_, name) => String(params[name] ?? ''));
}

/** "1 note" / "3 notes" style: picks `<key>_one` or `<key>_many`. */
export function tCount(key, n) {
  return t(n === 1 ? `${key}_one` : `${key}_many`, { n });
}

export const lang = document.documentElement.lang || 'nb';
