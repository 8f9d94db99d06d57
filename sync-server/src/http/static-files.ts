import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { appError } from '../errors';

/** Files the browser must re-check on every load, or an update would never reach the tablet (PLATFORM-NOTES). */
const NO_CACHE = new Set(['index.html', 'sw.js', 'registerSW.js', 'manifest.webmanifest']);

function cacheHeader(reply: FastifyReply, path: string): void {
  const name = path.split(/[\\/]/).pop() ?? '';
  if (NO_CACHE.has(name)) void reply.header('cache-control', 'no-cache');
  else if (/[\\/]assets[\\/]/.test(path)) void reply.header('cache-control', 'public, max-age=31536000, immutable');
  else void reply.header('cache-control', 'public, max-age=3600');
}

/**
 * Serves the built app from `staticDir`, and index.html for any other GET outside /api (the app's own
 * routes: SPA fallback). Unknown /api paths and missing files with an extension answer 404.
 */
export async function installStaticFiles(app: FastifyInstance, staticDir: string): Promise<void> {
  const built = existsSync(staticDir);
  if (built) {
    await app.register(fastifyStatic, { root: staticDir, cacheControl: false, setHeaders: cacheHeader, wildcard: true });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && path !== '/api';
    const lastSegment = path.split('/').pop() ?? '';
    if (!isPage || lastSegment.includes('.')) {
      const err = appError('NOT_FOUND');
      return reply.status(err.status).send(err.body());
    }
    if (!built) {
      return reply.status(404).type('text/plain; charset=utf-8').send('Tidemark: the app is not built yet (npm run build).');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
