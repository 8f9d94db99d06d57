import type { EntityReference } from '../../../src/shared/schema/registry';
import type { StoredRecord } from '../store/store';
import type { ChangeTx } from './batch-tx';

/** Every id a reference path names in `fields`, with its concrete path (`transfers.1.toSiteId`). */
export function referencedIds(fields: Record<string, unknown>, path: string): { path: string; id: string }[] {
  let found: { path: string; value: unknown }[] = [{ path: '', value: fields }];
  for (const part of path.split('.')) {
    const many = part.endsWith('[]');
    const key = many ? part.slice(0, -2) : part;
    const next: { path: string; value: unknown }[] = [];
    for (const f of found) {
      const v = typeof f.value === 'object' && f.value !== null ? (f.value as Record<string, unknown>)[key] : undefined;
      const at = f.path ? `${f.path}.${key}` : key;
      if (many && Array.isArray(v)) v.forEach((e, i) => next.push({ path: `${at}.${i}`, value: e }));
      else if (!many) next.push({ path: at, value: v });
    }
    found = next;
  }
  return found.flatMap((f) => (typeof f.value === 'string' ? [{ path: f.path, id: f.value }] : []));
}

/**
 * Whether a referenced record lies outside the writer's area (an event must list one of its codes):
 * `area` holds the writer's township and the codes one area with it (a provisional code and the
 * official one that succeeded it, same-area.ts).
 */
function outsideArea(ref: EntityReference, record: StoredRecord, area: ReadonlySet<string>): boolean {
  if (record.township !== null && !area.has(record.township)) return true;
  if (ref.entity === 'event') {
    const covered = record.fields.townships;
    return Array.isArray(covered) && !covered.some((t) => typeof t === 'string' && area.has(t));
  }
  return false;
}

/**
 * SPEC A6: the references a change sets, checked against the writer's area inside the batch's
 * transaction (so a household created earlier in the same batch is found). A record the server does
 * not have yet is not refused: it may still be on its way from another tablet of the township.
 * Returns the paths that point into another area.
 */
export async function referencesOutOfArea(
  tx: ChangeTx,
  references: readonly EntityReference[] | undefined,
  fields: Record<string, unknown>,
  area: ReadonlySet<string>,
): Promise<string[]> {
  const out: string[] = [];
  for (const ref of references ?? []) {
    for (const { path, id } of referencedIds(fields, ref.path)) {
      const record = await tx.getRecord(ref.entity, id);
      if (record && outsideArea(ref, record, area)) out.push(path);
    }
  }
  return out;
}
