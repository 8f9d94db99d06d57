/**
 * Issue 14 (eighth session): the look-ups a push makes by lists (its applied marks, the records it changes,
 * the people its households name, and the registry and account areas it reads first) are compiled once per
 * list length, not by Kysely on every push; the text and the parameters are Kysely's (compiled-once.ts
 * checks them on the first compile).
 */
import { DefaultQueryCompiler } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PushResponse } from '../../src/shared/protocol/messages';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { createHousehold, newId, validIdNumber } from './fixtures';
import { countedDb } from '../src/dashboard/counted-queries';
import { drainCounting } from '../src/dashboard/counter';

describe.each<StoreKind>(["sqlite", "postgres"])("a push compiles its list look-ups once, and its count its statements (%s)", (kind) => {
  let server: TestServer;
  let wang: TestSession;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    wang = await server.session({ username: 'wang' });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    return server.close();
  });

  const batch = (firstSeq: number, n: number, people: number) =>
    Array.from({ length: n }, (_, i) => createHousehold(firstSeq + i, newId(), { head: { name: '王芳', idNumber: validIdNumber(people + i), phone: '13800000000' } }));

  it('[I2] a second push of the same shape compiles none of the record, mark, people, registry or account-area queries again', async () => {
    const first = await server.push(wang, batch(1, 5, 300));
    expect((first.json() as PushResponse).results.map((r) => r.status)).toEqual(Array(5).fill('applied'));
    const compile = vi.spyOn(DefaultQueryCompiler.prototype, 'compileQuery');
    const second = await server.push(wang, batch(6, 5, 310));
    expect((second.json() as PushResponse).results.map((r) => r.status)).toEqual(Array(5).fill('applied'));
    const texts = compile.mock.results.map((r) => (r.value as { sql: string }).sql);
    // Before: every push compiled these again (the marks, the records, the shared people, the registry, the areas).
    const push = texts.filter((t) => /from "(\w+"\.")?(records|applied_changes|person_keys|divisions|account_areas)"/.test(t) && /^select|^delete/.test(t));
    expect(push).toEqual([]);
    // And what the push stored reads back as ever (the compiled texts are Kysely's own).
    const ids = (second.json() as PushResponse).results.map((r) => r.id);
    expect((await server.store.getRecords(ids.map((id) => ({ entity: 'household', id })))).map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it('[D9][I4] a second push of the same shape, counted, compiles none of the count’s inserts or list statements again', async () => {
    const first = await server.push(wang, batch(1, 5, 400));
    expect((first.json() as PushResponse).results.map((r) => r.status)).toEqual(Array(5).fill('applied'));
    await drainCounting(server.store);
    const compile = vi.spyOn(DefaultQueryCompiler.prototype, 'compileQuery');
    const second = await server.push(wang, batch(6, 5, 410));
    expect((second.json() as PushResponse).results.map((r) => r.status)).toEqual(Array(5).fill('applied'));
    await drainCounting(server.store);
    const texts = compile.mock.results.map((r) => (r.value as { sql: string }).sql);
    // Before: each push compiled its marks again, and each count its keys, spans and the lists it reads and deletes by.
    expect(texts.filter((t) => /"(counted_keys|counted_spans|counting_due)"/.test(t) && /^insert|^delete from "counted|distinct/.test(t))).toEqual([]);
    // The count's rows are there: two households, each with its key and its span.
    const keys = await server.store.queryCompiled(countedDb(server.store).selectFrom('counted_keys').select('record_id').compile());
    expect(keys).toHaveLength(10);
  });
});
