/**
 * Issue 14 (twenty-first session): the count after a push (SPEC D9) writes its rows with statements whose
 * text depends only on how many rows or ids they take. Like the push's own (batch-queries-compiled.test.ts),
 * they are compiled once per length and then taken from the cache: Kysely parsed every 200-row VALUES list
 * again in every count batch (~2 % of an ingest's server CPU). The cached texts give what Kysely gives
 * (the push-and-count test is in batch-queries-compiled.test.ts).
 */
import { DefaultQueryCompiler } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { countedDb, insertKeys, insertSpans, selectRecordsNaming, deleteKeysOfRecords, deleteSpansOfUnits } from '../src/dashboard/counted-queries';
import { insertDue, insertDueArrays } from '../src/dashboard/counting-due-queries';
import { insertRelief } from '../src/dashboard/counted-relief-queries';
import { multiRowOnce } from '../src/store/queries/compiled-once';

describe('the count’s cached texts are Kysely’s', () => {
  for (const kind of ['sqlite', 'postgres'] as const) {
    it(`${kind}: a cached insert or list statement with other values gives what Kysely compiles for them`, () => {
      const db = countedDb({ kind, schemaName: 's_compiled' });
      const key = (i: number) => ({ event_id: `e${i}`, record_id: `r${i}`, id_hmac: `h${i}`, is_head: i % 2 });
      const span = (i: number) => ({
        eventId: `e${i}`, unitKey: `u${i}`, validFrom: '2026-07-01T00:00:00.000Z', validTo: i % 2 ? null : '2026-07-03T00:00:00.000Z', recordId: `r${i}`, township: '440105001',
        status: 'in', evacuation: 'centralized', placement: 'site', siteId: i % 2 ? null : `s${i}`, people: i, needEmergency: 1, needTransitional: 0,
        damageLevel: 'none', damageRooms: 0, dead: 0, missing: 0, injured: i,
      });
      const relief = (i: number) => ({ handout_id: `h${i}`, event_id: 'e', household_id: `hh${i}`, township: '440105001', at: '2026-07-01T00:00:00.000Z', round: 'r1', category: 'cash', kind: 'cash', unit: 'yuan', quantity: i, fen: i * 100 });
      // Compiled (and cached) with some values, then asked with others of the same lengths.
      insertKeys(db, [key(1), key(2)]);
      insertSpans(db, [span(1), span(2)] as never);
      insertDue(db, [{ entity: 'household', record_id: 'a' }]);
      insertRelief(db, [relief(1)]);
      selectRecordsNaming(db, 'e1', ['k1', 'k2']);
      deleteKeysOfRecords(db, ['r1']);
      deleteSpansOfUnits(db, 'e1', ['u1']);
      insertDueArrays(db, 'sch', [{ entity: 'household', record_id: 'a' }]);
      const cached = [
        insertDueArrays(db, 'sch', [{ entity: 'relief', record_id: 'b' }, { entity: 'household', record_id: 'c' }]),
        insertKeys(db, [key(3), key(4)]), insertSpans(db, [span(4), span(3)] as never), insertDue(db, [{ entity: 'relief', record_id: 'b' }]), insertRelief(db, [relief(7)]),
        selectRecordsNaming(db, 'e9', ['k8', 'k9']), deleteKeysOfRecords(db, ['r9']), deleteSpansOfUnits(db, 'e9', ['u9']),
      ];
      vi.spyOn(DefaultQueryCompiler.prototype, 'compileQuery');
      // What Kysely gives for the second values: the same statements through a fresh builder's compile.
      const fresh = countedDb({ kind, schemaName: 's_compiled_fresh' });
      const direct = [
        insertDueArrays(fresh, 'sch', [{ entity: 'relief', record_id: 'b' }, { entity: 'household', record_id: 'c' }]),
        insertKeys(fresh, [key(3), key(4)]), insertSpans(fresh, [span(4), span(3)] as never), insertDue(fresh, [{ entity: 'relief', record_id: 'b' }]), insertRelief(fresh, [relief(7)]),
        selectRecordsNaming(fresh, 'e9', ['k8', 'k9']), deleteKeysOfRecords(fresh, ['r9']), deleteSpansOfUnits(fresh, 'e9', ['u9']),
      ];
      cached.forEach((c, i) => {
        expect(c.sql.replaceAll('s_compiled', 'S')).toBe(direct[i]!.sql.replaceAll('s_compiled_fresh', 'S'));
        expect(c.parameters).toEqual(direct[i]!.parameters);
      });
    });
  }

  it('refuses a row holding a value of a column it does not list (it would be left out of the statement)', () => {
    const db = countedDb({ kind: 'sqlite', schemaName: null });
    expect(() => multiRowOnce(db, 'unlisted', [{ a: 1, b: 2 }], ['a'], (r) => db.insertInto('counting_due').values(r as never).compile())).toThrow(/not listed: b/);
  });
});
