import { describe, expect, it } from 'vitest';
import { selectDevice, selectSession, selectUserById } from '../src/store/queries/account-queries';
import { compiledOnce } from '../src/store/queries/compiled-once';
import { postgresQueries, sqliteQueries } from '../src/store/queries/query-builder';

describe('per-request look-ups compiled once per dialect (issue 14)', () => {
  for (const [name, make] of [['sqlite', sqliteQueries], ['postgres', () => postgresQueries('s1')]] as const) {
    it(`${name}: a cached look-up with other values gives what Kysely compiles for those values`, () => {
      const q = make();
      selectSession(q, 'first');
      selectUserById(q, 'u-first');
      selectDevice(q, 'c-first');
      const fresh = make();
      for (const [cached, direct] of [
        [selectSession(q, 'second'), fresh.db.selectFrom('sessions').selectAll().where('token_hash', '=', 'second').compile()],
        [selectUserById(q, 'u-second'), fresh.db.selectFrom('users').selectAll().where('id', '=', 'u-second').compile()],
        [selectDevice(q, 'c-second'), fresh.db.selectFrom('devices').selectAll().where('id', '=', 'c-second').compile()],
      ] as const) {
        expect(cached.sql).toBe(direct.sql);
        expect(cached.parameters).toEqual(direct.parameters);
      }
      // The row lock is part of the text: PostgreSQL's only (SQLite has none).
      expect(selectUserById(q, 'u', true).sql.endsWith('for update')).toBe(name === 'postgres');
      expect(selectUserById(q, 'u').sql.endsWith('for update')).toBe(false);
    });
  }

  it('refuses parameters that are not the ones Kysely compiled, in its order', () => {
    const q = sqliteQueries();
    expect(() => compiledOnce(q, 'two', ['a', 'b'], () => q.db.selectFrom('sessions').selectAll().where('user_id', '=', 'b').where('device_id', '=', 'a').compile())).toThrow(/other parameters/);
  });
});
