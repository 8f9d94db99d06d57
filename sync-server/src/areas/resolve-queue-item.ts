import type { FieldStamp } from '../../../src/shared/rules/merge';
import type { AppContext } from '../context';
import { appError } from '../errors';
import type { StoredRecord, StoreTx } from '../store/store';
import { areaIssue } from './area-issue';
import { countWritten } from '../dashboard/count-written';
import { TOWNSHIP_FIELD_ENTITIES } from './upgrade-plan';

/** Writes the record back with `township` as its area and the changed fields as a server write (SPEC L3). */
async function rewrite(tx: StoreTx, r: StoredRecord, township: string | null, fields: Record<string, unknown>, changed: string[], by: string, at: string) {
  const version = changed.length ? r.version + 1 : r.version;
  const stamp: FieldStamp = { at, device: 'server' };
  return tx.putRecord({
    ...r, township, version, fields,
    fieldVersions: { ...r.fieldVersions, ...Object.fromEntries(changed.map((k) => [k, version])) },
    fieldStamps: { ...r.fieldStamps, ...Object.fromEntries(changed.map((k) => [k, stamp])) },
    updatedBy: by, updatedAt: at, originClient: null,
  });
}

/**
 * The administrator settles one row the upgrade could not give an area (migration 002): `code` must be
 * a registered township. A record is written again under the code (a new serverSeq: the township's
 * tablets pull it); an event's listed township is replaced; an attachment is moved; an audit row is
 * mapped (audit_areas), never rewritten. All in one transaction, audited.
 */
export async function resolveQueueItem(ctx: Pick<AppContext, 'store' | 'clock'>, id: number, code: string, by: { userId: string; deviceId: string | null }) {
  const item = await ctx.store.getAreaQueueItem(id);
  if (!item) throw appError('NOT_FOUND', { entity: 'area-queue', id });
  if (item.resolvedAt) throw appError('ALREADY_EXISTS', { reason: 'already resolved', resolvedCode: item.resolvedCode });
  const division = await ctx.store.getDivision(code);
  if (!division || division.level !== 'township') throw areaIssue('code', division ? 'area.notATownship' : 'area.unknownCode');
  const at = ctx.clock().toISOString();
  return ctx.store.transaction(async (tx) => {
    if ((item.kind === 'record' || item.kind === 'event-township') && item.entity && item.recordId) {
      const r = await tx.getRecord(item.entity, item.recordId);
      if (r) {
        const fields = { ...r.fields };
        const changed: string[] = [];
        let township = r.township;
        if (item.kind === 'record') {
          township = r.township === item.writtenTownship ? code : r.township;
          if (TOWNSHIP_FIELD_ENTITIES.includes(r.entity) && fields.township === item.writtenTownship) {
            fields.township = code;
            changed.push('township');
          }
        } else if (Array.isArray(fields.townships) && item.position !== null && fields.townships[item.position] === item.writtenTownship) {
          fields.townships = (fields.townships as string[]).map((t, i) => (i === item.position ? code : t));
          changed.push('townships');
        }
        if (township !== r.township || changed.length) {
          const written = await rewrite(tx, r, township, fields, changed, by.userId, at);
          // Issue 16: a household counts in its record's township: count it again there (dashboard/count-written.ts).
          await countWritten(tx, [written], ctx.store);
        }
      }
    }
    if (!(await tx.resolveAreaQueueItem(id, code, by.userId, at))) throw appError('ALREADY_EXISTS', { reason: 'already resolved' });
    await tx.appendAudit({
      at, userId: by.userId, deviceId: by.deviceId, township: code, action: 'area-queue.resolve', entity: item.entity ?? item.kind, recordId: item.recordId ?? item.sha256 ?? (item.auditId !== null ? String(item.auditId) : null),
      detail: { item: id, kind: item.kind },
    });
    return { ...item, resolvedCode: code, resolvedBy: by.userId, resolvedAt: at };
  });
}
