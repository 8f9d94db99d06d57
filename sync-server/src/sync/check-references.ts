import type { EntityReference } from '../../../src/shared/schema/registry';
import type { StoredRecord } from '../store/store';
import type { ChangeTx } from './batch-tx';

/** One step of a reference path: a key, and whether it names an array whose every item is followed (`[]`). */
interface PathStep {
  key: string;
  many: boolean;
}
/** A path's steps, split once per path (the registry's few paths): not on every change of every push (issue 14). */
const stepsOf = new Map<string, readonly PathStep[]>();

function pathSteps(path: string): readonly PathStep[] {
  let steps = stepsOf.get(path);
  if (!steps) {
    steps = path.split('.').map((part) => (part.endsWith('[]') ? { key: part.slice(0, -2), many: true } : { key: part, many: false }));
    if (stepsOf.size < 256) stepsOf.set(path, steps);
  }
  return steps;
}

/**
 * Every id a reference path names in `fields`, with its concrete path (`transfers.1.toSiteId`), in the
 * order of the path's arrays. One walk down the path (issue 14: this runs twice per pushed change, for
 * the batch's preload and for the A6 check), no list of candidates per step.
 */
export function referencedIds(fields: Record<string, unknown>, path: string): { path: string; id: string }[] {
  const out: { path: string; id: string }[] = [];
  follow(fields, pathSteps(path), 0, '', out);
  return out;
}

function follow(value: unknown, steps: readonly PathStep[], i: number, at: string, out: { path: string; id: string }[]): void {
  if (i === steps.length) {
    if (typeof value === 'string') out.push({ path: at, id: value });
    return;
  }
  const { key, many } = steps[i]!;
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  const here = at ? `${at}.${key}` : key;
  if (!many) follow(v, steps, i + 1, here, out);
  else if (Array.isArray(v)) for (let k = 0; k < v.length; k++) if (k in v) follow(v[k], steps, i + 1, `${here}.${k}`, out);
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
