import { describe, expect, it } from 'vitest';
import { insertApplied, insertAudits, insertPersonKeys, upsertRecords } from '../src/store/queries/batch-queries';
import { postgresQueries, sqliteQueries } from '../src/store/queries/query-builder';
import type { RecordWrite } from '../src/store/store';

const record = (i: number): RecordWrite => ({
  entity: 'household', id: `hh-${i}`, township: i % 2 ? 't1' : null, version: i, fields: { id: `hh-${i}`, n: i }, fieldVersions: { id: 1 },
  fieldStamps: { id: { at: 'x', device: 'd' } }, createdBy: 'u', updatedBy: i % 3 ? 'u' : null, originClient: null,
  updatedAt: `2026-01-0${(i % 9) + 1}T00:00:00.000Z`, deleted: i % 2 === 0, idHmac: i % 2 ? `h${i}` : null,
});

describe('multi-row statements compiled once per row count (issue 14)', () => {
  for (const [name, make] of [['sqlite', sqliteQueries], ['postgres', () => postgresQueries('s1')]] as const) {
    it(`${name}: a cached statement with other rows gives what Kysely compiles for those rows`, () => {
      const q = make();
      const a = Array.from({ length: 3 }, (_, i) => ({ record: record(i), serverSeq: i + 1 }));
      const b = Array.from({ length: 3 }, (_, i) => ({ record: record(i + 10), serverSeq: i + 20 }));
      upsertRecords(q, a);
      const cached = upsertRecords(q, b);
      const fresh = upsertRecords(make(), b);
      expect(cached.sql).toBe(fresh.sql);
      expect(cached.parameters).toEqual(fresh.parameters);
      // And against Kysely itself, column by column.
      const direct = make().db.insertInto('records').values(b.map(({ record: r, serverSeq }) => ({
        entity: r.entity, id: r.id, township: r.township, version: r.version, fields: JSON.stringify(r.fields), field_versions: JSON.stringify(r.fieldVersions),
        field_stamps: JSON.stringify(r.fieldStamps), server_seq: serverSeq, created_by: r.createdBy, updated_by: r.updatedBy, origin_client: r.originClient,
        created_at: r.updatedAt, updated_at: r.updatedAt, deleted: r.deleted ? 1 : 0, id_hmac: r.idHmac,
      }))).compile();
      expect(cached.parameters).toEqual(direct.parameters);
      expect(insertApplied(q, 'c', [{ seq: 1, result: { seq: 1, id: 'x', status: 'applied', version: 1 } }], 'at').parameters).toEqual(['c', 1, '{"seq":1,"id":"x","status":"applied","version":1}', 'at', null, null]);
      expect(insertAudits(q, [{ at: 'a', userId: null, deviceId: 'd', township: null, action: 'x' }]).parameters).toEqual(['a', null, 'd', null, 'x', null, null, null]);
      expect(insertPersonKeys(q, [{ entity: 'household', record_id: 'r', id_hmac: 'h' }]).sql).toMatch(/insert into .*person_keys/);
    });
  }

  it('refuses an undefined value (Kysely would drop its column and shift the rest)', () => {
    expect(() => insertAudits(sqliteQueries(), [{ at: 'a', userId: undefined as never, deviceId: null, township: null, action: 'x' }])).toThrow(/undefined/);
  });
});
