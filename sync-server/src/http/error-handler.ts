import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { AppError, appError } from '../errors';
import { zodIssues } from './zod-issues';

/** Fastify's own errors that the shared table names (parsing happens before any handler runs). */
function fromFastify(err: FastifyError): AppError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return appError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return appError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return appError('BAD_JSON');
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return appError('BAD_JSON', { reason: 'gzip' }, 'The request body is not valid gzip.');
  }
  if (err instanceof SyntaxError) return appError('BAD_JSON');
  if (err.statusCode === 404) return appError('NOT_FOUND');
  return null;
}

/** Every error leaves as `{ error: { code, message, details? } }` (SPEC E1). Bodies are never logged. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const known =
      err instanceof AppError ? err : err instanceof ZodError ? appError('VALIDATION_FAILED', { issues: zodIssues(err) }) : fromFastify(err);
    if (known) {
      for (const [k, v] of Object.entries(known.headers)) void reply.header(k, v);
      return reply.status(known.status).send(known.body());
    }
    request.log.error({ err: { message: err.message, code: err.code, stack: err.stack } }, 'unhandled error');
    const internal = appError('INTERNAL');
    return reply.status(internal.status).send(internal.body());
  });
}
