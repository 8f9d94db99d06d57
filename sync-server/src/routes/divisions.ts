import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type {
  AreaQueueItemResponse, AreaQueueResponse, DivisionResponse, DivisionsResponse, ImportResult, OfficialCodeResponse,
} from '../../../src/shared/protocol/admin/divisions';
import { DIVISION_LEVELS, divisionCodeSchema, divisionNameSchema } from '../../../src/shared/schema/division';
import { caller, requireAuth } from '../auth/authenticate';
import { parseDivisionCsv } from '../areas/parse-division-csv';
import { addDivision, enterOfficialCode, importDivisions, renameDivision, retireDivision } from '../areas/registry';
import { resolveQueueItem } from '../areas/resolve-queue-item';
import type { AppContext } from '../context';

const listQuery = z.object({ level: z.enum(DIVISION_LEVELS).optional(), parent: divisionCodeSchema.optional() });
const codeParam = z.object({ code: divisionCodeSchema });
const idParam = z.object({ id: z.coerce.number().int().min(1) });

/**
 * The division registry (issue 10). Everyone signed in reads it (tablets and pages show names for
 * codes); administrators add, rename, retire with a successor, enter the official code of a
 * provisional area, import a CSV, and settle the upgrade's queue. Every change is audited.
 */
export function divisionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const admin = { preHandler: requireAuth(ctx, ['admin']) };
  const actor = (request: Parameters<typeof caller>[0]) => {
    const { user, device } = caller(request);
    return { userId: user.id, deviceId: device.id };
  };

  app.get('/api/divisions', { preHandler: requireAuth(ctx) }, async (request) => {
    const q = listQuery.parse(request.query);
    const all = await ctx.store.listDivisions();
    return { divisions: all.filter((d) => (!q.level || d.level === q.level) && (!q.parent || d.parentCode === q.parent)) } satisfies DivisionsResponse;
  });

  app.post('/api/admin/divisions', admin, async (request, reply) => {
    return reply.status(201).send({ division: await addDivision(ctx, request.body, actor(request)) } satisfies DivisionResponse);
  });

  app.put('/api/admin/divisions/:code', admin, async (request) => {
    const { code } = codeParam.parse(request.params);
    const { name } = z.object({ name: divisionNameSchema }).parse(request.body);
    return { division: await renameDivision(ctx, code, name, actor(request)) } satisfies DivisionResponse;
  });

  app.post('/api/admin/divisions/:code/retire', admin, async (request) => {
    const { code } = codeParam.parse(request.params);
    const { successorCode } = z.object({ successorCode: divisionCodeSchema }).parse(request.body);
    return { division: await retireDivision(ctx, code, successorCode, actor(request)) } satisfies DivisionResponse;
  });

  app.post('/api/admin/divisions/:code/official', admin, async (request) => {
    const { code } = codeParam.parse(request.params);
    const body = z.object({ code: divisionCodeSchema, name: divisionNameSchema.optional() }).parse(request.body);
    return (await enterOfficialCode(ctx, code, body, actor(request))) satisfies OfficialCodeResponse;
  });

  app.post('/api/admin/divisions/import', admin, async (request) => {
    const { csv } = z.object({ csv: z.string().min(1).max(8_000_000) }).parse(request.body);
    return (await importDivisions(ctx, parseDivisionCsv(csv), actor(request))) satisfies ImportResult;
  });

  app.get('/api/admin/area-queue', admin, async (request) => {
    const { all } = z.object({ all: z.enum(['0', '1']).optional() }).parse(request.query);
    return { items: await ctx.store.listAreaQueue({ open: all !== '1' }) } satisfies AreaQueueResponse;
  });

  app.post('/api/admin/area-queue/:id/resolve', admin, async (request) => {
    const { id } = idParam.parse(request.params);
    const { code } = z.object({ code: divisionCodeSchema }).parse(request.body);
    return { item: await resolveQueueItem(ctx, id, code, actor(request)) } satisfies AreaQueueItemResponse;
  });
}
