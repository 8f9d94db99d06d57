import { describe, expect, it } from 'vitest';
import { pushRequestSchema } from '../../src/shared/protocol/messages';
import { quickPushEnvelope } from '../src/sync/push-envelope';

/** A small seeded generator, so a failure names a reproducible case. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const validChange = (i: number) => ({
  seq: i + 1,
  entity: 'household',
  id: `hh-${String(i).padStart(6, '0')}`,
  baseVersion: 0,
  fields: { id: `hh-${String(i).padStart(6, '0')}`, head: { name: '张三', idNumber: '110101199003070011' } },
  formVersion: 1,
  changedAt: '2026-12-05T10:00:00.000+08:00',
  township: 'T01',
});

/** Values a sloppy or hostile client might send in any slot. */
const ODD: unknown[] = [
  undefined, null, 0, -0, -1, 1.5, 2 ** 60, Number.MAX_SAFE_INTEGER, '', 'x', '12345678', 'hh-000001!', 'a'.repeat(64), 'a'.repeat(65),
  '😀'.repeat(33), '2026-12-05', '2026-12-05T10:00:00Z', '2026-13-05T10:00:00Z', 'survey', 'event', 'relief-correction', [], [1], {}, { a: 1 },
  JSON.parse('{"__proto__": {"x": 1}, "y": 2}'), true,
];
const SLOTS = ['seq', 'entity', 'id', 'baseVersion', 'fields', 'formVersion', 'changedAt', 'township', 'extra'];

describe('push envelope checked by hand (issue 14)', () => {
  it('[I2] accepts only what the schema accepts, and returns exactly what it returns (2,000 mutated bodies)', () => {
    const next = rng(14);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    let quick = 0;
    for (let n = 0; n < 2000; n++) {
      const changes: Record<string, unknown>[] = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, i) => validChange(i));
      const body: Record<string, unknown> = { protocol: 2, deviceId: 'device-0001', changes };
      const mutations = Math.floor(next() * 3);
      for (let m = 0; m < mutations; m++) {
        const where = next();
        if (where < 0.1) body.protocol = pick(ODD);
        else if (where < 0.2) body.deviceId = pick(ODD);
        else if (where < 0.25) body.changes = pick(ODD);
        else if (where < 0.3) body.extra = pick(ODD);
        else if (Array.isArray(body.changes) && body.changes.length) {
          const c = body.changes[Math.floor(next() * body.changes.length)];
          if (typeof c === 'object' && c !== null) {
            const slot = pick(SLOTS);
            const v = pick(ODD);
            if (v === undefined && next() < 0.5) delete (c as Record<string, unknown>)[slot];
            else (c as Record<string, unknown>)[slot] = v;
          }
        }
      }
      const byHand = quickPushEnvelope(body);
      const bySchema = pushRequestSchema.safeParse(body);
      if (byHand) {
        quick++;
        expect(bySchema.success, JSON.stringify(body)).toBe(true);
        expect(byHand).toStrictEqual(bySchema.data);
        // Same keys in the same order: the content hash and the stored JSON see the same object.
        expect(JSON.stringify(byHand)).toBe(JSON.stringify(bySchema.data));
      }
    }
    // The fast path is taken for the plainly valid bodies (about a third of these), not only refused.
    expect(quick).toBeGreaterThan(300);
  });

  it('[I2] a full valid push of 500 changes is read by hand', () => {
    const body = { protocol: 2, deviceId: 'device-0001', changes: Array.from({ length: 500 }, (_, i) => validChange(i)) };
    expect(quickPushEnvelope(body)).toStrictEqual(pushRequestSchema.parse(body));
    expect(quickPushEnvelope({ ...body, changes: [...body.changes, validChange(500)] })).toBeNull();
    expect(quickPushEnvelope({ ...body, changes: [] })).toBeNull();
  });
});
