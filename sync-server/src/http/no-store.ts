import type { FastifyInstance } from 'fastify';

/**
 * Every API answer carries `Cache-Control: no-store` (privacy.md §2). Without it Chromium keeps GET
 * answers — a pull page with names and ID numbers in clear, a photo — in the profile's HTTP disk cache
 * (Cache/Cache_Data), next to the IndexedDB the app so carefully encrypts: found by
 * test/e2e/security-profile-search.test.ts. The app's own files keep their caching (static-files.ts).
 */
export function installNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    return payload;
  });
}
