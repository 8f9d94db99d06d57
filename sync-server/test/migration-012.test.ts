/**
 * Migration 012 (SPEC D7) on spans counted before it: its UPDATE gives every span the China dates
 * (from_day, to_day) that ingest writes (counted-queries.ts insertSpans, chinaDate), on both stores,
 * at the instants where the date turns (16:00 UTC is midnight in China).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countedDb, insertSpans } from '../src/dashboard/counted-queries';
import type { CountedSpan } from '../src/dashboard/counted-spans';
import { migrationFiles } from '../src/store/migration-files';
import { startTestServer, type StoreKind, type TestServer } from '../../test/helpers/server-harness';

const INSTANTS = ['2026-06-20T15:59:59.999Z', '2026-06-20T16:00:00.000Z', '2026-06-30T23:59:59.999Z', '2026-12-31T16:00:00.000Z'];

const span = (i: number, validFrom: string, validTo: string | null): CountedSpan => ({
  eventId: 'event-m012', unitKey: `unit-${i}`, validFrom, validTo, recordId: `hh-${i}`, township: '411523001', status: 'current', evacuation: 'relocation',
  placement: 'dispersed', siteId: null, people: 3, needEmergency: 0, needTransitional: 0, damageLevel: 'none', damageRooms: 0, dead: 0, missing: 0, injured: 0,
});

describe.each<StoreKind>(['sqlite', 'postgres'])('migration 012 on spans counted before it (%s)', (kind) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ store: kind });
  });
  afterEach(() => server.close());

  it('[D7] the migration’s UPDATE gives each span the China dates ingest writes', async () => {
    const store = server.store;
    const db = countedDb(store);
    const spans = INSTANTS.flatMap((from, i) => [span(i, from, INSTANTS[i + 1] ?? null), span(i + 10, from, null)]);
    const table = store.kind === 'postgres' && store.schemaName ? `"${store.schemaName}".counted_spans` : 'counted_spans';
    const days = async () =>
      (await store.queryCompiled({ sql: `SELECT unit_key, from_day, to_day FROM ${table} ORDER BY unit_key`, parameters: [], query: null } as never)).map((r) => ({ ...r }));
    await store.transaction(async (tx) => void (await tx.runCompiled(insertSpans(db, spans))));
    const atIngest = await days();
    expect(atIngest.map((r) => r.from_day)).toContain('2026-06-21'); // 16:00 UTC is the next China day
    expect(atIngest.find((r) => r.unit_key === 'unit-0')).toEqual({ unit_key: 'unit-0', from_day: '2026-06-20', to_day: '2026-06-21' });

    // As before the migration: no dates. Then the migration's own statement.
    const update = /^UPDATE counted_spans SET[\s\S]*?;$/m.exec(migrationFiles(kind).find((f) => f.version === 12)!.sql)![0];
    await store.transaction(async (tx) => {
      await tx.runCompiled({ sql: `UPDATE ${table} SET from_day = NULL, to_day = NULL`, parameters: [], query: null } as never);
      await tx.runCompiled({ sql: update.replace('UPDATE counted_spans', `UPDATE ${table}`).replace(/;$/, ''), parameters: [], query: null } as never);
    });
    expect(await days()).toEqual(atIngest);
  });
});
