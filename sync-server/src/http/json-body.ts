import type { FastifyInstance } from 'fastify';

/**
 * JSON bodies only: Fastify's parser (which refuses __proto__ and constructor keys), except that an
 * empty body reads as "no body" (a logout sent with a JSON content type). text/plain is removed, so any
 * content type other than JSON answers 415 UNSUPPORTED_MEDIA_TYPE (routes that take bytes add their own).
 */
export function installJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
}
