import { ZodError } from 'zod';
import { pushRequestSchema, pushRequestV1Schema, type PushRequest } from '../../../src/shared/protocol/messages';
import { PREVIOUS_PROTOCOL_VERSION, PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '../../../src/shared/protocol/version';
import { appError } from '../errors';
import { zodIssues } from '../http/zod-issues';

/**
 * Reads a push body as a current-version request. The version is checked first (SPEC V3): a future
 * client's body may not match today's schema, and it must hear 426, not 400. Nothing is written here.
 */
export function parsePush(body: unknown, arrivedAt: Date): PushRequest {
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
    return pushRequestSchema.parse(body);
  } catch (err) {
    if (err instanceof ZodError) throw appError('VALIDATION_FAILED', { issues: zodIssues(err) });
    throw err;
  }
}
