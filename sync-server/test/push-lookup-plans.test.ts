/**
 * The look-ups a push makes after its commit, by their indexes on SQLite (issue 14, thirteenth session):
 * flag detection's read of every hand-out of the households a batch names (migration 007's index) and
 * the counter's read of the records naming a batch's people (counted_keys_person, migration 010) and of
 * the corrections of its hand-outs (records_correction_original, migration 012).
 * Without statistics (the server runs no ANALYZE) SQLite's planner took records_entity_seq for the first
 * and the covering counted_keys_head for the second, serving only `entity = 'relief'` / `event_id = ?`,
 * and records_entity_seq for the third (its entity a parameter, which the partial index cannot match):
 * every push then read every hand-out stored, every key of the event or every correction, at a cost growing with the
 * database (measured, 200 looked up: 35 against 12 ms among 20,000 hand-outs; 14 against 0.4 ms among
 * 30,000 keys of one event).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { countedDb, selectRecordsNaming } from '../src/dashboard/counted-queries';
import { selectCorrectionsOf } from '../src/dashboard/counted-relief-queries';
import { openSqliteStore } from '../src/store/sqlite-store';
import { selectReliefByHouseholds } from '../src/store/queries/batch-queries';
import { postgresQueries, sqliteQueries } from '../src/store/queries/query-builder';
import { sqlitePlan } from '../../test/helpers/query-plans';

const HMACS = ['a', 'b', 'c'].map((c) => c.repeat(64));

describe('a push’s look-ups after its commit take their indexes (issue 14)', () => {
  it('[I1][R6][D7][D9] on SQLite: a batch’s hand-outs by records_relief_household, the records naming its people by counted_keys_person, the corrections of its hand-outs by records_correction_original', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidemark-plans-'));
    const file = join(dir, 'tidemark.sqlite');
    try {
      await openSqliteStore({ file }).close();
      const read = new Database(file, { readonly: true });
      try {
        const plan = (c: { sql: string; parameters: readonly unknown[] }) =>
          sqlitePlan(read, c).filter((d) => /SCAN|SEARCH/.test(d));
        const q = sqliteQueries();
        const counted = countedDb({ kind: 'sqlite', schemaName: null });
        for (const n of [1, 3]) {
          expect(plan(selectReliefByHouseholds(q, ['hh-1', 'hh-2', 'hh-3'].slice(0, n)))).toEqual([expect.stringContaining('USING INDEX records_relief_household')]);
          expect(plan(selectRecordsNaming(counted, 'event-1', HMACS.slice(0, n)))).toEqual([expect.stringContaining('USING INDEX counted_keys_person (event_id=? AND id_hmac=?)')]);
          expect(plan(selectCorrectionsOf(counted, ['ho-1', 'ho-2', 'ho-3'].slice(0, n)))).toEqual([expect.stringContaining('USING INDEX records_correction_original')]);
        }
      } finally {
        read.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL’s texts name no index (its planner has statistics)', () => {
    expect(selectReliefByHouseholds(postgresQueries('s1'), ['hh-1']).sql).not.toMatch(/indexed by/i);
    const pg = countedDb({ kind: 'postgres', schemaName: 's1' });
    expect(selectRecordsNaming(pg, 'event-1', HMACS).sql).not.toMatch(/indexed by/i);
    expect(selectCorrectionsOf(pg, ['ho-1']).sql).not.toMatch(/indexed by/i);
  });
});
