import { ZodError } from 'zod';
import { pushRequestSchema, pushRequestV1Schema, type PushRequest } from '../../../src/shared/protocol/messages';
import { PREVIOUS_PROTOCOL_VERSION, PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '../../../src/shared/protocol/version';
import { appError } from '../errors';
import { changeContentHash } from './content-hash';
import { zodIssues } from '../http/zod-issues';
import { quickPushEnvelope } from './push-envelope';

/** A push as applyPush takes it: the request, and the content hash of each change as it came (SPEC P8). */
export type ParsedPush = PushRequest & { contentHashes?: string[] };

/**
 * Reads a push body as a current-version request. The version is checked first (SPEC V3): a future
 * client's body may not match today's schema, and it must hear 426, not 400. Nothing is written here.
 */
export function parsePush(body: unknown, arrivedAt: Date): ParsedPush {
  const protocol = typeof body === 'object' && body !== null ? (body as { protocol?: unknown }).protocol : undefined;
  if (typeof protocol === 'number' && !SUPPORTED_PROTOCOL_VERSIONS.includes(protocol)) {
    throw appError('PROTOCOL_UNSUPPORTED', { protocol, supported: SUPPORTED_PROTOCOL_VERSIONS });
  }
  try {
    if (protocol === PREVIOUS_PROTOCOL_VERSION) {
      const v1 = pushRequestV1Schema.parse(body);
      // SPEC V2: protocol 1 sent whole records; read each as based on version 0, made now.
      return {
        protocol: PROTOCOL_VERSION,
        deviceId: v1.deviceId,
        // Hashed as sent: with no change time, since the arrival time given below differs on each replay.
        contentHashes: v1.changes.map((c) => changeContentHash({ ...c, baseVersion: 0, fields: c.data, changedAt: null })),
        changes: v1.changes.map((c) => ({
          seq: c.seq,
          entity: c.entity,
          id: c.id,
          baseVersion: 0,
          fields: c.data,
          formVersion: c.formVersion,
          changedAt: arrivedAt.toISOString(),
        })),
      };
    }
    // Issue 14: the envelope checked by hand; anything not plainly valid goes through the schema, whose errors are the answer.
    const request = quickPushEnvelope(body) ?? pushRequestSchema.parse(body);
    return { ...request, contentHashes: request.changes.map(changeContentHash) };
  } catch (err) {
    if (err instanceof ZodError) throw appError('VALIDATION_FAILED', { issues: zodIssues(err) });
    throw err;
  }
}
