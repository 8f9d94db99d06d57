/**
 * Issue 14, twelfth session, on PostgreSQL: a push's one writing statement (StoreTx.writeBatch) has a text
 * that does not depend on how many rows it writes — every row kind goes in typed arrays (unnest) — and is
 * sent as a named prepared statement. In a reconnect storm that statement is the critical path under the
 * serialising lock (SPEC L2, I4); with a new ~2,000-parameter text every push, PostgreSQL parsed, bound
 * and planned it anew each time (~3.5 ms of its ~21 ms a push). Counted on the `pg` client.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change, PushResponse } from '../../src/shared/protocol/messages';
import { createUser } from '../../sync-server/src/auth/create-user';
import { DEFAULT_CONFIG } from '../../sync-server/src/config';
import { createContext, type AppContext } from '../../sync-server/src/context';
import { openPostgresStore } from '../../sync-server/src/store/postgres-store';
import type { Store, UserRow } from '../../sync-server/src/store/store';
import { applyPush } from '../../sync-server/src/sync/apply-push';
import { change, createHousehold, newId } from '../../sync-server/test/fixtures';
import { ANPING, ANPING_QINGHE, seedTestRegistry } from '../fixtures/areas';
import { databaseUrl, dropSchema, freshSchemaName, testClock } from '../helpers/server-harness';
import { spyOnPgQueries } from '../helpers/pg-query-spy';

/** A batch statement as sent: its prepared statement's name (none: unnamed), text and number of parameters. */
interface Sent {
  name: string | undefined;
  text: string;
  parameters: number;
}

/** Every statement of this schema that writes its records inside a WITH (the batch's one statement). */
function recordBatchStatements(schema: string): { sent: Sent[]; restore(): void } {
  const sent: Sent[] = [];
  const spy = spyOnPgQueries((_client, q) => {
    if (q.text.startsWith('WITH ') && q.text.includes(`"${schema}"`) && /\brecords\b/.test(q.text)) {
      sent.push({ name: q.config?.name, text: q.text, parameters: (q.config ? q.config.values : q.values)?.length ?? 0 });
    }
  });
  return { sent, restore: spy.restore };
}

describe('the batch statement on PostgreSQL (issue 14)', () => {
  let schema: string;
  let store: Store;
  let ctx: AppContext;
  let worker: UserRow;
  let recording: ReturnType<typeof recordBatchStatements> | null = null;

  beforeEach(async () => {
    schema = freshSchemaName();
    store = await openPostgresStore({ connectionString: databaseUrl(), schema, poolMax: 4 });
    await seedTestRegistry(store);
    ctx = createContext({ store, clock: testClock().now, config: { ...DEFAULT_CONFIG, scryptCost: 1024 } });
    worker = await createUser(ctx, { username: 'wang', password: 'password-1', role: 'worker', township: ANPING_QINGHE, county: ANPING });
  });
  afterEach(async () => {
    recording?.restore();
    recording = null;
    await store.close();
    await dropSchema(schema);
  });

  const push = (deviceId: string, changes: Change[]): Promise<PushResponse> => applyPush(ctx, worker, { protocol: 2, deviceId, changes });

  it('[L2][P5][I4] pushes of 1, 3 and 7 households (new and edited, one invalid among them) send one prepared text with as many parameters, and write what one-by-one would', async () => {
    const edited = newId();
    await push('dev-seed0001', [createHousehold(1, edited)]);
    recording = recordBatchStatements(schema);
    const sizes = [1, 3, 7];
    const answers: PushResponse[] = [];
    for (const [p, n] of sizes.entries()) {
      const changes = Array.from({ length: n }, (_, i) => createHousehold(i + 1));
      // The last push: an edit of a stored household (its person keys replaced) and one invalid change (P5: rejected alone).
      if (p === sizes.length - 1) {
        changes.push(change(n + 1, edited, { notes: 'edited' }, { baseVersion: 1, changedAt: '2026-06-20T11:00:00.000Z' }));
        changes.push(createHousehold(n + 2, newId(), { head: { name: '李四', idNumber: '330102198001010010' }, membersCount: 0 }));
      }
      answers.push(await push(`dev-p000000${p}`, changes));
    }
    recording.restore();
    const statuses = answers.map((a) => a.results.map((r) => (r.status === 'rejected' ? r.code : r.status)));
    expect(statuses).toEqual([['applied'], Array(3).fill('applied'), [...Array(8).fill('applied'), 'CHANGE_INVALID']]);

    const { sent } = recording;
    expect(sent.length).toBe(sizes.length);
    // One text, whatever the number of records, marks, audit rows and person keys; named, so prepared once per connection.
    expect(new Set(sent.map((s) => s.text)).size).toBe(1);
    for (const s of sent) expect(s.name).toMatch(/\S/);
    expect(new Set(sent.map((s) => s.parameters)).size).toBe(1);
    expect(sent[0]!.parameters).toBeLessThan(60);

    // The rows are what they would be one by one: every record, in push order by serverSeq (L2), the edit included.
    const ids = answers.flatMap((a) => a.results.filter((r) => r.status === 'applied').map((r) => r.id));
    const stored = await Promise.all(ids.map((id) => store.getRecord('household', id)));
    expect(stored.every((r) => r !== null)).toBe(true);
    const seqs = stored.map((r) => r!.serverSeq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(await store.getRecord('household', edited)).toMatchObject({ version: 2, fields: { notes: 'edited' } });
  });
});
