/**
 * A pull page's answer text (issue 18, fourteenth session). The page was read into objects (each record's
 * fields parsed from the JSON text SQLite stores) and written out again by JSON.stringify: for 1,000
 * records of a first sync, 17 ms a page of the server's CPU parsing and 11 ms stringifying (profile,
 * 50,000 households), and their garbage. The fields' text now goes into the answer as stored; the
 * answer's bytes are the same.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordWrite, StoredRecord } from '../src/store/store';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol/version';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { ANPING_QINGHE } from '../../test/fixtures/areas';

const AT = '2025-07-10T08:00:00.000Z';

/**
 * Fields JSON.stringify must write as it did: index-like keys (moved first), escapes, numbers, an own
 * `__proto__`, and on SQLite a lone surrogate (PostgreSQL's jsonb refuses one).
 */
function awkwardFields(id: string, kind: StoreKind): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    id, b: 'bé 河东村 "q" \\ \n\t\u0001 😀', '10': 'ten', '2': 'two', n: 1e21, f: 0.1 + 0.2, neg: -5e-7, big: 2 ** 53 + 2, zero: -0,
    nested: { z: [1, 'x', null, { '1': true, a: [] }], a: {} }, empty: '', ...(kind === 'sqlite' ? { lone: '\ud800x' } : {}),
  };
  Object.defineProperty(fields, '__proto__', { value: 'p', enumerable: true, configurable: true, writable: true });
  return fields;
}

function rec(kind: StoreKind, id: string, patch: Partial<RecordWrite> = {}): RecordWrite {
  return {
    entity: 'household', id, township: ANPING_QINGHE, version: 3, fields: awkwardFields(id, kind), fieldVersions: { id: 1 }, fieldStamps: {},
    createdBy: 'user-1', updatedBy: 'user-1', originClient: 'dev-other', updatedAt: AT, deleted: false, idHmac: null, ...patch,
  };
}

/** The answer as the route wrote it before: JSON.stringify of { records, cursor, hasMore }, each record as pulled() made it. */
function oldAnswer(records: StoredRecord[], cursor: number, hasMore: boolean): string {
  return JSON.stringify({
    records: records.map((r) => ({
      entity: r.entity, id: r.id, version: r.version, serverSeq: r.serverSeq, township: r.township, fields: r.fields, updatedAt: r.updatedAt,
      ...(r.deleted ? { deleted: true } : {}),
    })),
    cursor, hasMore,
  });
}

describe.each<StoreKind>(['sqlite', 'postgres'])('a pull page’s answer text (%s)', (kind) => {
  let server: TestServer;
  let wang: TestSession;
  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    wang = await server.session({ username: 'wang' });
  });
  afterEach(() => server.close());

  const write = async (records: RecordWrite[]) => {
    for (const r of records) await server.store.transaction((tx) => tx.putRecord(r));
    return Promise.all(records.map(async (r) => (await server.store.getRecord(r.entity, r.id))!));
  };

  it('[L1][L2][L3] is byte for byte the JSON of its records as before: awkward fields, a deletion, reference data, the device’s own write left out', async () => {
    const stored = await write([
      rec(kind, 'rec-a'), rec(kind, 'rec-b', { deleted: true, version: 4 }), rec(kind, 'evt-1', { entity: 'event', township: null }),
      rec(kind, 'rec-own', { originClient: wang.deviceId, updatedBy: wang.user.id }), rec(kind, 'rec-c', { fields: { id: 'rec-c' } }),
    ]);
    const visible = stored.filter((r) => r.id !== 'rec-own');
    const page1 = await server.pull(wang, 0, 2);
    expect(page1.statusCode).toBe(200);
    expect(page1.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(page1.body).toBe(oldAnswer(visible.slice(0, 2), stored[1]!.serverSeq, true));
    // The own write is read (the cursor passes it) but not sent.
    const page2 = await server.pull(wang, stored[1]!.serverSeq, 2);
    expect(page2.body).toBe(oldAnswer([stored[2]!], stored[3]!.serverSeq, true));
    const page3 = await server.pull(wang, stored[3]!.serverSeq, 2);
    expect(page3.body).toBe(oldAnswer([stored[4]!], stored[4]!.serverSeq, false));
    expect((await server.pull(wang, stored[4]!.serverSeq)).body).toBe(oldAnswer([], stored[4]!.serverSeq, false));
    // The tablet's view of it: what JSON.parse of the bytes gives, as before.
    expect(page1.json()).toEqual(JSON.parse(oldAnswer(visible.slice(0, 2), stored[1]!.serverSeq, true)));
  });

  // SQLite stores the text; PostgreSQL's driver parses jsonb itself.
  if (kind === 'sqlite') it('[L2] the fields’ stored text is not parsed for the answer (SQLite)', async () => {
    const stored = await write(Array.from({ length: 20 }, (_, i) => rec('sqlite', `rec-${i}`)));
    const texts = new Set(stored.map((r) => JSON.stringify(r.fields)));
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const res = await server.inject('GET', '/api/sync/pull?since=0&limit=50', { session: wang, headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });
      expect(res.statusCode).toBe(200);
      expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && texts.has(text))).toEqual([]);
    } finally {
      parse.mockRestore();
    }
  });
});
