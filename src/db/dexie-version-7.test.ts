import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientRig } from '../../test/helpers/client-rig';
import { recordRowWrites } from '../../test/helpers/db-spies';
import { expectExact, PEOPLE, saveAll } from '../../test/helpers/digest-households';
import { keysOf } from '../../test/helpers/keys-of';
import { expectReopenedUnchanged, rewriteAsVersion, type OlderVersion } from '../../test/helpers/older-release-db';
import { UserDb, type RecordRow } from './user-db';

/**
 * Dexie version 7 drops the name index (SPEC N1, N5, N6, N8, N9 retired): `records` loses `*nameKeys`,
 * `meta` its `nameIndex` flag, and no row is rewritten by the upgrade (an upgrade that rewrote every row
 * held a tablet locked for minutes, N9's 104 s per 20,000). Searches answer from the list digest (N10).
 */

afterEach(() => vi.restoreAllMocks());

const env = () => ({ prefix: `v7-${Math.random().toString(36).slice(2, 8)}-` });

/** The index entries each release wrote: text tokens paired with the ISO time (2–4, N8), numbers with ms (5–6). */
function withNameKeys(version: OlderVersion) {
  return (rows: RecordRow[]) =>
    rows.map((r, i) => ({
      ...r,
      nameKeys:
        version >= 5
          ? [[100_000 + i, Date.parse(r.updatedAt)], [200_000 + i, Date.parse(r.updatedAt)]]
          : version >= 4
            ? [[`tok${i}aaaaaaa`, r.updatedAt]]
            : [`tok${i}aaaaaaa`],
    }));
}

async function olderDatabase(version: OlderVersion, flag: string | null) {
  const writes = recordRowWrites();
  const dbEnv = { ...env(), addons: [writes.addon] };
  const rig = await clientRig({ deps: { db: dbEnv } });
  await rig.server.addUser({ username: 'li', password: 'pw-li' });
  const first = await rig.client.loginOnline('li', 'pw-li');
  const { dataKey } = await keysOf(first, 'pw-li');
  await saveAll(first, rig);
  await first.surveys.saveDraft({ id: 'survey-0001', caseId: 'case-0001', members: [{ id: 'm1', name: '张建国', idNumber: '3301061985' }] });
  const old = await rewriteAsVersion(rig, first, dbEnv, version, withNameKeys(version), flag ? [{ key: 'nameIndex', value: flag }] : []);
  return { rig, dataKey, dbEnv, writes, ...old };
}

describe('Dexie version 7: the name index dropped (SPEC N1 retired, N10)', () => {
  it('[N1][N2][N5][N9][N10] a version 6 database with rows and their name index opens as version 7 (now through to 8): no row rewritten, nothing lost, the index and its flag gone, and every search the decrypted one', async () => {
    const { rig, dataKey, stored, outbox, writes } = await olderDatabase(6, 'converting');
    expect(stored.every((r) => Array.isArray(r.nameKeys))).toBe(true);
    const before = writes.count();
    expect(before).toBeGreaterThan(0); // the counter sees the rows written as version 6
    const s = await rig.client.unlockOffline('li', 'pw-li');
    expect(s.db.verno).toBe(8); // through to 8 (dexie-version-8.test.ts)
    expect(writes.count()).toBe(before); // no record row written by the upgrade (nor by the unlock)
    // The upgrade wrote no record row: each is as version 6 stored it, its leftover entries included.
    expect(await s.db.records.toArray()).toEqual(stored);
    expect(await s.db.outbox.toArray()).toEqual(outbox);
    expect(s.db.records.schema.indexes.map((i) => i.name)).not.toContain('nameKeys');
    expect([...s.db.backendDB().transaction('records').objectStore('records').indexNames]).not.toContain('nameKeys');
    expect((await s.db.meta.toArray()).map((m) => m.key)).not.toContain('nameIndex');
    // Searches (cold: they wait for the digest) give the decrypted answers, households only.
    await expectExact(s, dataKey, 'after the upgrade');
    expect(s.listDigest.stats()).toMatchObject({ complete: true, households: PEOPLE.length });
    // The leftover entries go at the row's next write.
    const id = stored.find((r) => r.entity === 'household')!.id;
    const h = await s.households.get(id);
    rig.clock.advance(60_000);
    await s.households.save({ ...h!, notes: 'edited after the upgrade' });
    expect((await s.db.records.get(id))!).not.toHaveProperty('nameKeys');
    // A push answer puts back the row it read: the leftover entries go there too (withoutNameKeys).
    expect((await s.db.records.toArray()).filter((r) => 'nameKeys' in r).length).toBeGreaterThan(0);
    await s.sync.syncNow();
    const after = await s.db.records.toArray();
    expect(after.filter((r) => r.syncState !== 'synced')).toEqual([]);
    expect(after.filter((r) => 'nameKeys' in r).map((r) => r.id)).toEqual([]);
    await rig.close();
  });

  it('[N1][N6][N9][N10] versions 2 to 5 (text or number entries, the index pending or converting) open as version 7 (now 8) without rewriting a row; the searches are right', async () => {
    for (const [version, flag] of [[2, 'pending'], [3, null], [4, 'converting'], [5, 'pending']] as const) {
      const { rig, dataKey, stored, dbEnv } = await olderDatabase(version, flag);
      const s = await rig.client.unlockOffline('li', 'pw-li');
      expect(s.db.verno, `version ${version}`).toBe(8);
      expect(await s.db.records.toArray(), `version ${version}`).toEqual(stored);
      expect(await s.db.meta.get('nameIndex' as never), `version ${version}`).toBeUndefined();
      await expectExact(s, dataKey, `from version ${version}`);
      await expectReopenedUnchanged(rig, s.db.name, dbEnv, stored); // opened again (now at version 8): nothing changes
      await rig.close();
    }
  }, 60_000);
});
