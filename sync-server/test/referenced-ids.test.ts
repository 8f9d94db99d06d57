/**
 * Issue 14: referencedIds walks a reference path once (SPEC A6's check and the batch's preload call it on
 * every pushed change). Its answer is the first implementation's, kept here as the model.
 */
import { describe, expect, it } from 'vitest';
import { referencedIds } from '../src/sync/check-references';

function model(fields: Record<string, unknown>, path: string): { path: string; id: string }[] {
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

const PATHS = ['eventId', 'shelterSiteId', 'transfers[].toSiteId', 'transfers[].fromSiteId', 'a.b', 'a[].b[].c', 'a[]', 'a[].b.c', 'x.y[]'];

describe('[A6] referencedIds', () => {
  it('names the ids and paths the first implementation named, on every shape', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [{ toSiteId: 's-1' }, , { toSiteId: 's-3' }];
    const samples: Record<string, unknown>[] = [
      {},
      { eventId: 'e-1', shelterSiteId: 's-1' },
      { eventId: 7, shelterSiteId: null, transfers: 'no' },
      { transfers: [{ toSiteId: 's-1', fromSiteId: 's-0' }, { toSiteId: 's-2' }, null, 'x', { toSiteId: 3 }] },
      { transfers: sparse },
      { transfers: { toSiteId: 's-9' } },
      { a: { b: 'id-ab' } },
      { a: [{ b: [{ c: 'c-00' }, { c: 'c-01' }] }, { b: [] }, { b: [{ c: 'c-20' }, { d: 1 }, { c: 'c-22' }] }, { b: { c: 'no' } }] },
      { a: ['a-0', 1, 'a-2', ['nested']] },
      { a: [{ b: { c: 'abc' } }, { b: null }, { b: { c: 'abc' } }] },
      { x: { y: ['y-0', 'y-1'] } },
      { x: [{ y: ['no'] }] },
      { a: 'string', x: 'string' },
    ];
    for (const fields of samples) for (const path of PATHS) expect(referencedIds(fields, path)).toEqual(model(fields, path));
  });
});
