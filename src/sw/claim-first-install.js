/*
 * Imported by the generated service worker (vite.config.ts, workbox.importScripts).
 *
 * Claim open pages only when no page is already controlled, i.e. on the first install: then no page runs
 * an older version, claiming takes nothing from anyone, and the visit that installed the worker works
 * offline without a reload (issue 13 item 1; PLATFORM-NOTES "Service-worker updates"). An update never
 * gets here on its own: with registerType 'prompt' it waits until the worker taps 立即更新 (skipWaiting),
 * and by the time it activates the pages of the old version are already its clients, so it claims nothing.
 */
self.addEventListener('activate', (event) => {
  event.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((controlled) => (controlled.length === 0 ? self.clients.claim() : undefined)),
  );
});
