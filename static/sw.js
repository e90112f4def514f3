// Service worker for the phone page: if the network is gone when the page is
// reloaded, the last copy of the page and its scripts is shown, so the notes
// waiting in the outbox (localStorage) are still there to see and to send.
// Network first, always: a fresh page whenever the network answers.
const CACHE = 'verksted-shell-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const shell = url.pathname.startsWith('/j/') || url.pathname.startsWith('/static/');
  if (!shell) return;
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(event.request, copy));
    }
    return response;
  }).catch(() => caches.match(event.request).then((hit) => hit || Response.error())));
});
