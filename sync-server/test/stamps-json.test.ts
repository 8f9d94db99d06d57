import { describe, expect, it } from 'vitest';
import { upsertRecords } from '../src/store/queries/batch-queries';
import { postgresQueries, sqliteQueries } from '../src/store/queries/query-builder';
import { fieldStampsJson } from '../src/store/queries/stamps-json';
import type { RecordWrite } from '../src/store/store';
import { createRng, type Rng } from '../../test/bench/workload/prng';

/**
 * Issue 14: a record's field stamps are stored as JSON.stringify writes them (SPEC C9: read back by the merge),
 * but a record written whole has one stamp for all its fields (stamp-fields.ts): serialised once, not once a field.
 */

const KEYS = ['id', 'head', 'members', 'stage', '0', '12', 'a"b', 'é', '\u2028', 'x\\y', 'constructor', 'toString', 'z'];

function randomStamps(rng: Rng, onlyShared = false): Record<string, unknown> {
  const shared = [{ at: '2026-12-06T21:00:00.000Z', device: 'dev-1', account: 'u1' }, { at: '2026-12-06T21:00:00.000Z', device: 'dev-"2"' }];
  const out: Record<string, unknown> = {};
  const n = rng.int(0, KEYS.length);
  for (let i = 0; i < n; i++) {
    const k = rng.pick(KEYS);
    const kind = onlyShared ? 0 : rng.int(0, 5);
    out[k] =
      kind <= 2 ? rng.pick(shared)
      : kind === 3 ? { at: `2026-12-0${rng.int(1, 9)}T00:00:00.000Z`, device: rng.pick(['d', 'd\n', '设备']), shared: rng.chance(0.5) }
      : kind === 4 ? { ...rng.pick(shared), extra: undefined }
      : rng.pick([undefined, null, 'text', 3, [1, 2], Object.create(null) as object]);
  }
  return out;
}

describe('field stamps serialised once per stamp (issue 14)', () => {
  it('[C9] the same text as JSON.stringify, byte for byte, on seeded random stamp maps (shared, distinct, odd keys and values)', () => {
    const rng = createRng(1206);
    for (let n = 0; n < 6000; n++) {
      // One in three with the shared stamps only: runs of one object, the case written once.
      const stamps = randomStamps(rng, n % 3 === 0);
      expect(fieldStampsJson(stamps), JSON.stringify(stamps)).toBe(JSON.stringify(stamps));
    }
    // Many keys, one stamp (a record written whole) and every stamp distinct (a record read back and merged).
    const one = { at: 'a', device: 'd', account: 'u' };
    const whole = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`f${i}`, one]));
    expect(fieldStampsJson(whole)).toBe(JSON.stringify(whole));
    const distinct = JSON.parse(JSON.stringify(whole)) as Record<string, unknown>;
    expect(fieldStampsJson(distinct)).toBe(JSON.stringify(distinct));
  });

  for (const [name, make] of [['sqlite', sqliteQueries], ['postgres', () => postgresQueries('s1')]] as const) {
    it(`[C9] ${name}: the upsert serialises a record's one stamp once, not once a field, and stores JSON.stringify's text`, () => {
      let serialised = 0;
      // A stamp that counts its serialisations (JSON.stringify calls toJSON each time it writes the value).
      const stamp = { at: '2026-12-06T21:00:00.000Z', device: 'dev-1', account: 'u1', toJSON: () => (serialised++, { at: '2026-12-06T21:00:00.000Z', device: 'dev-1', account: 'u1' }) };
      const fields = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, i]));
      const record: RecordWrite = {
        entity: 'household', id: 'hh-1', township: 't1', version: 1, fields, fieldVersions: Object.fromEntries(Object.keys(fields).map((k) => [k, 1])),
        fieldStamps: Object.fromEntries(Object.keys(fields).map((k) => [k, stamp])), createdBy: 'u1', updatedBy: 'u1', originClient: 'dev-1',
        updatedAt: '2026-12-06T21:00:00.000Z', deleted: false, idHmac: null,
      };
      const compiled = upsertRecords(make(), [{ record, serverSeq: 1 }]);
      // Before: 25, one per field.
      expect(serialised).toBe(1);
      serialised = 0;
      expect(compiled.parameters).toContain(JSON.stringify(record.fieldStamps));
      expect(serialised).toBe(25);
    });
  }
});
