/**
 * Issue 14, seventeenth session: a look-up by a list (`IN (…)`) takes one of a few statement texts, its list
 * padded to the next power of two by repeating its last item (store/queries/padded-list.ts), so SQLite
 * prepares each text once instead of once per list length; the flag search's statement (sharedPeople) is
 * prepared once per connection on PostgreSQL. The answers are the same at every length: each around the
 * padding's boundaries (1–40, 63–65, …, 255–257, 499–501 past the chunk of 500), on both stores.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countedDb, selectCountedRecords, selectRecordFields, selectRecordHeads } from '../../sync-server/src/dashboard/counted-queries';
import { spyOnPgQueries } from '../helpers/pg-query-spy';
import { createTempStore, type StoreKind, type TempStore } from '../helpers/server-harness';

const HOUSEHOLDS = 520;
const LENGTHS = [...Array.from({ length: 40 }, (_, i) => i + 1), 63, 64, 65, 127, 128, 129, 255, 256, 257, 499, 500, 501];
const person = (i: number) => createHash('sha256').update(`person-${i}`).digest('hex');
const householdId = (i: number) => `hh-${String(i).padStart(4, '0')}`;

/** The county the test stores: each household's head and the other people its keys name (some shared), and hand-outs. */
const households = Array.from({ length: HOUSEHOLDS }, (_, i) => ({
  id: householdId(i),
  head: person(i),
  keys: [person(i), ...(i % 2 === 0 ? [person(HOUSEHOLDS + i)] : []), ...(i % 3 === 0 ? [person(i + 1)] : []), ...(i % 5 === 0 ? [person(HOUSEHOLDS + i + 2)] : [])],
}));
const handouts = Array.from({ length: 300 }, (_, j) => ({ id: `relief-${String(j).padStart(4, '0')}`, householdId: householdId((j * 7) % HOUSEHOLDS) }));

const names = (h: (typeof households)[number]) => new Set([h.head, ...h.keys]);
const sorted = (xs: Iterable<string>) => [...xs].sort();

/** A list of `n` items from `pool`, starting at `from`, every third one absent from the store, the first one twice. */
function listOf(n: number, pool: (i: number) => string, from: number): string[] {
  const out = Array.from({ length: n }, (_, i) => (i % 3 === 2 ? `${pool(from + i)}-absent` : pool(from + i)));
  if (n > 1) out[n - 1] = out[0]!;
  return out;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('look-ups by lists of every length (%s, issue 14)', (kind) => {
  let temp: TempStore;

  beforeAll(async () => {
    temp = await createTempStore(kind);
    const at = '2026-06-21T08:00:00.000Z';
    const base = { version: 1, fieldVersions: {}, fieldStamps: {}, createdBy: null, updatedBy: null, originClient: 'dev-1', updatedAt: at, deleted: false };
    await temp.store.transaction(async (tx) => {
      for (const h of households) {
        await tx.putRecord({ ...base, entity: 'household', id: h.id, township: '130102001', fields: { id: h.id }, idHmac: h.head });
      }
      for (const r of handouts) {
        await tx.putRecord({ ...base, entity: 'relief', id: r.id, township: '130102001', fields: { id: r.id, householdId: r.householdId }, idHmac: null });
      }
      await tx.replacePersonKeysMany(households.map((h) => ({ entity: 'household', recordId: h.id, idHmacs: h.keys })));
    });
  }, 60_000);
  afterAll(() => temp.cleanup());

  it('[I1] getRecords, findReliefByHouseholds and the count’s record reads answer the same at every length around the padding', async () => {
    const db = countedDb(temp.store);
    for (const n of LENGTHS) {
      const ids = listOf(n, householdId, n);
      const stored = sorted(new Set(ids.filter((id) => !id.endsWith('-absent') && Number(id.slice(3)) < HOUSEHOLDS)));
      expect(sorted((await temp.store.getRecords(ids.map((id) => ({ entity: 'household', id })))).map((r) => r.id)), `getRecords ${n}`).toEqual(stored);
      const within = ids.slice(0, 400); // the count's lists come in chunks of 400 (counted-queries.ts inChunks)
      const storedWithin = sorted(new Set(within.filter((id) => stored.includes(id))));
      for (const q of [selectCountedRecords, selectRecordHeads, selectRecordFields]) {
        expect(sorted((await temp.store.queryCompiled(q(db, 'household', within))).map((r) => String(r.id))), `${q.name} ${n}`).toEqual(storedWithin);
      }
      const relief = sorted(handouts.filter((r) => ids.includes(r.householdId)).map((r) => r.id));
      expect(sorted((await temp.store.findReliefByHouseholds(ids)).map((r) => r.id)), `findReliefByHouseholds ${n}`).toEqual(relief);
    }
  });

  it('[I1] sharedPeople and findRecordsByPeople answer the same at every length around the padding', async () => {
    const everyone = (i: number) => person(i % (2 * HOUSEHOLDS + 3));
    for (const n of LENGTHS) {
      const people = listOf(n, everyone, 3 * n);
      const naming = (p: string) => households.filter((h) => names(h).has(p));
      const shared = sorted(new Set(people.filter((p) => naming(p).length > 1)));
      expect(sorted(await temp.store.sharedPeople(people)), `sharedPeople ${n}`).toEqual(shared);
      const found = sorted(new Set(people.flatMap((p) => naming(p).map((h) => h.id))));
      expect(sorted((await temp.store.findRecordsByPeople(people)).map((r) => r.id)), `findRecordsByPeople ${n}`).toEqual(found);
    }
  });

  if (kind === 'sqlite') {
    it('[I1] a look-up by a list prepares one statement per power of two, not one per length (SQLite)', async () => {
      const prepare = vi.spyOn(Database.prototype, 'prepare');
      try {
        for (let n = 1; n <= 500; n++) await temp.store.getRecords(listOf(n, householdId, 0).map((id) => ({ entity: 'household', id })));
        for (let n = 1; n <= 250; n++) await temp.store.sharedPeople(listOf(n, person, 0));
        const texts = new Set(prepare.mock.calls.map((c) => String(c[0])));
        const records = [...texts].filter((t) => /^select \* from "records" where "entity" = \? and "id" in/.test(t));
        const shared = [...texts].filter((t) => t.includes('from "person_keys"') && t.includes('having count(*) > ?'));
        // 1, 2, 4, …, 512: ten texts for the lengths 1–500; 1, 2, 4, …, 256: nine for 1–250 (before: 500 and 250).
        expect(records.length).toBeLessThanOrEqual(10);
        expect(shared.length).toBeLessThanOrEqual(9);
      } finally {
        prepare.mockRestore();
      }
    });
  } else {
    it('[I1] the flag search (sharedPeople) goes as a named prepared statement, the same name each time on a connection (PostgreSQL)', async () => {
      const seen: { client: object; name: string | undefined; text: string }[] = [];
      const spy = spyOnPgQueries((client, q) => seen.push({ client, name: q.config?.name, text: q.text }));
      try {
        for (const n of [1, 5, 40, 300]) await temp.store.sharedPeople(listOf(n, person, 0));
      } finally {
        spy.restore();
      }
      const search = seen.filter((q) => q.text.includes('person_keys') && q.text.includes('unnest'));
      expect(search).toHaveLength(4);
      for (const q of search) expect(q.name, 'a named statement: parsed and planned once per connection').toBeDefined();
      const byClient = new Map<object, Set<string>>();
      for (const q of search) byClient.set(q.client, (byClient.get(q.client) ?? new Set()).add(q.name!));
      for (const names of byClient.values()) expect(names.size).toBe(1);
    });
  }
});
