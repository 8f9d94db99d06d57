import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { disasterEventSchema } from '../../../src/shared/schema/disaster-event';
import { shelterSiteSchema } from '../../../src/shared/schema/shelter-site';
import { policyRecordSchema } from '../../../src/shared/schema/policy';
import { entitlementSchema } from '../../../src/shared/schema/entitlement';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { adminRecordView } from './admin-records';
import { writeReferenceRecord } from '../sync/write-reference-record';
import { checkTownshipCodes } from '../areas/check-township-codes';

/** The township codes a reference record names (an event lists them; the others name one or none). */
function townshipCodesOf(fields: Record<string, unknown>): { path: string; code: string }[] {
  if (Array.isArray(fields.townships)) return (fields.townships as string[]).map((code, i) => ({ path: `townships.${i}`, code }));
  return typeof fields.township === 'string' ? [{ path: 'township', code: fields.township }] : [];
}

interface ReferenceKind {
  entity: 'event' | 'site' | 'policy' | 'entitlement';
  path: string;
  schema: z.ZodType<Record<string, unknown> & { id: string }>;
  /** Events belong to no township (every tablet pulls them); a site to its own. */
  township: (fields: Record<string, unknown>) => string | null;
}

const KINDS: ReferenceKind[] = [
  { entity: 'event', path: '/api/admin/events', schema: disasterEventSchema, township: () => null },
  { entity: 'site', path: '/api/admin/sites', schema: shelterSiteSchema, township: (f) => f.township as string },
  // Eligibility policy parameters (issue 3): per township, pulled by that township's tablets only.
  { entity: 'policy', path: '/api/admin/policies', schema: policyRecordSchema, township: (f) => f.township as string },
  // Relief entitlements: a township's own, or county-wide (township null: every tablet pulls it).
  { entity: 'entitlement', path: '/api/admin/entitlements', schema: entitlementSchema, township: (f) => (f.township as string | null) ?? null },
];

function withId(body: unknown, id: string): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, id } : body;
}

/**
 * Disaster events and shelter sites, validated with their shared schemas and stored as records that
 * tablets pull as reference data (SPEC L1). Created and updated by administrators.
 */
export function adminReferenceRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const kind of KINDS) {
    app.post(kind.path, { preHandler: requireAuth(ctx, ['admin']) }, async (request, reply) => {
      const { user, device } = caller(request);
      const given = (request.body as { id?: unknown } | undefined)?.id;
      const fields = kind.schema.parse(withId(request.body, typeof given === 'string' ? given : ctx.random.uuid()));
      await checkTownshipCodes(ctx.store, townshipCodesOf(fields));
      const record = await writeReferenceRecord(ctx, {
        entity: kind.entity, id: fields.id, township: kind.township(fields), fields, mode: 'create', userId: user.id, deviceId: device.id,
      });
      return reply.status(201).send({ record: adminRecordView(record) });
    });

    app.put(`${kind.path}/:id`, { preHandler: requireAuth(ctx, ['admin']) }, async (request) => {
      const { user, device } = caller(request);
      const { id } = request.params as { id: string };
      const given = (request.body as { id?: unknown } | undefined)?.id;
      if (given !== undefined && given !== id) throw appError('VALIDATION_FAILED', { issues: [{ path: 'id', message: 'id.mismatch' }] });
      const fields = kind.schema.parse(withId(request.body, id));
      await checkTownshipCodes(ctx.store, townshipCodesOf(fields));
      const record = await writeReferenceRecord(ctx, {
        entity: kind.entity, id, township: kind.township(fields), fields, mode: 'update', userId: user.id, deviceId: device.id,
      });
      return { record: adminRecordView(record) };
    });
  }
}
