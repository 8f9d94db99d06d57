import { describe, expect, it, vi } from 'vitest';
import { household, idNumberFor } from '../../test/helpers/household-fixtures';
import { clientRig } from '../../test/helpers/client-rig';
import { keysOf } from '../../test/helpers/keys-of';
import { rewriteAsVersion } from '../../test/helpers/older-release-db';
import { nameIndexCandidates, queryPairs } from './name-index';
import { tokenOf } from './name-key-order';
import type { DbSession } from './session';

const PEOPLE = [
  { name: '张建国', village: '柳树村', members: ['李秀英', '张小明'] },
  { name: '王秀英', village: '东湾村', members: ['王建华'] },
  { name: '欧阳建华', village: '柳树湾', members: [] },
  { name: '曾小红', village: '河口村', members: ['单田芳'] },
  { name: '李四', village: '东风村', members: [] },
];

async function saveAll(s: DbSession) {
  const ids: Record<string, string> = {};
  for (const [i, p] of PEOPLE.entries()) {
    const n = 700 + i;
    const hh = household({
      n,
      head: { name: p.name, idNumber: idNumberFor(n) },
      origin: { village: p.village },
      membersCount: p.members.length + 1,
      members: p.members.map((name, j) => ({ id: `member-${n}-${j}`, name, sex: 'male' as const, ageBand: '18-59' as const })),
    });
    await s.households.save(hh);
    ids[p.name] = hh.id;
  }
  return ids;
}

const names = async (s: DbSession, text: string) => (await s.households.list({ text })).map((h) => h.headName).sort();

/** What the search must find (the decrypted records' names, villages, ID numbers and initials), whatever index it reads. */
const QUERIES: [string, string[]][] = [
  ['张建', ['张建国']],
  ['建国', ['张建国']],
  ['秀英', ['张建国', '王秀英']], // a member's given name, and a head's
  ['建华', ['欧阳建华', '王秀英']],
  ['柳树', ['张建国', '欧阳建华']],
  ['东湾', ['王秀英']],
  ['zjg', ['张建国']],
  ['ZJG', ['张建国']],
  ['jg', ['张建国']],
  ['oyjh', ['欧阳建华']],
  ['zxh', ['曾小红']], // 曾 as a surname reads zeng
  ['stf', ['曾小红']], // 单 as a surname reads shan (a member)
  ['张', ['张建国']], // one character: the decrypted search, not the index
  ['王建华', ['王秀英']],
  ['李四', ['李四']],
  ['张建军', []],
  [idNumberFor(701).slice(6, 14), ['王秀英']], // part of an ID number: the decrypted search
];

describe('the name index (SPEC N1–N6)', () => {
  it('[N1][N3][N4][N10] finds by name piece, village and pinyin initials through keyed tokens, exactly as the decrypted search, and so does the warm list digest', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const ids = await saveAll(s);
    const row = (await s.db.records.get(ids['张建国']!))!;
    expect(row.nameKeys!.length).toBeGreaterThan(5);
    // Keyed: no name, piece or initial in clear (6 bytes of HMAC as an integer, version 5).
    // N8: each entry is [token, the row's updatedAt in ms] (clear on the row already).
    for (const k of row.nameKeys!) expect(k).toEqual([expect.any(Number), Date.parse(row.updatedAt)]);
    // No Chinese character anywhere, and no token is a clear piece or initials. (A pattern such as /zj/ over
    // the whole list is wrong: 17 random base64url tokens hold "zj" in about 1 run in 25; CI hit it.)
    expect(JSON.stringify(row.nameKeys)).not.toMatch(/[\u3400-\u9fff]/);
    const tokens = row.nameKeys!.map(tokenOf);
    for (const clear of ['张建', '建国', '张建国', 'zjg', 'zj', 'jg', 'ZJG', '柳树', '柳树村']) expect(tokens).not.toContain(clear);

    for (const [q, want] of QUERIES) expect(await names(s, q), q).toEqual(want);
    // The index narrows: a two-character query reads only the records holding its piece.
    const { lookupKey } = await keysOf(s, 'pw-li');
    expect(await nameIndexCandidates(s.db, lookupKey, '建国')).toEqual([ids['张建国']]);
    expect(queryPairs('张')).toBeNull();
    expect(queryPairs('3301')).toBeNull();

    // The same queries with the index switched off (as while a backfill is pending) find the same.
    await s.db.meta.put({ key: 'nameIndex', value: 'pending' });
    expect(await nameIndexCandidates(s.db, lookupKey, '建国')).toBeNull();
    for (const [q, want] of QUERIES) expect(await names(s, q), `${q} (decrypted)`).toEqual(want);
    // N10: and from the list digest, once warm (no row read).
    await s.listDigest.ready({ now: true });
    for (const [q, want] of QUERIES) expect(await names(s, q), `${q} (digest)`).toEqual(want);
    expect(s.listDigest.stats().answered).toBe(QUERIES.length);
  });

  it('[N2] another worker’s key gives other tokens for the same name', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    await rig.server.addUser({ username: 'wu', password: 'pw-wu' });
    const a = await rig.client.loginOnline('li', 'pw-li');
    const hh = household({ n: 801, head: { name: '张建国', idNumber: idNumberFor(801) } });
    await a.households.save(hh);
    const ta = (await a.db.records.get(hh.id))!.nameKeys!;
    rig.client.lock();
    const b = await rig.client.loginOnline('wu', 'pw-wu');
    await b.households.save({ ...hh, id: `${hh.id}-b` });
    const tb = (await b.db.records.get(`${hh.id}-b`))!.nameKeys!;
    expect(tb.length).toBe(ta.length);
    const tokensA = ta.map(tokenOf);
    expect(tb.map(tokenOf).filter((t) => tokensA.includes(t))).toEqual([]);
  });

  it('[N5] a version 1 database with records opens as version 2; search works at once and the index is filled after unlock', async () => {
    const env = { prefix: `v1-names-${Math.random().toString(36).slice(2, 8)}-` };
    const rig = await clientRig({ deps: { db: env } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const first = await rig.client.loginOnline('li', 'pw-li');
    const ids = await saveAll(first);
    // The same rows as release 1 (Dexie version 1, no name index) wrote them.
    const { outbox } = await rewriteAsVersion(rig, first, env, 1, (rows) => rows.map(({ nameKeys: _k, ...r }) => r));

    const s = await rig.client.unlockOffline('li', 'pw-li');
    expect(s.db.verno).toBe(6); // through version 3 (N6) and 4 (N8) to 5 (N1's numbers), then 6 (N11)
    for (const [q, want] of QUERIES) expect(await names(s, q), q).toEqual(want);
    await vi.waitFor(async () => expect(await s.db.meta.get('nameIndex')).toBeUndefined(), { timeout: 15_000 });
    expect((await s.db.records.toArray()).every((r) => Array.isArray(r.nameKeys) && r.nameKeys.length > 0)).toBe(true);
    const { lookupKey } = await keysOf(s, 'pw-li');
    expect(await nameIndexCandidates(s.db, lookupKey, 'zjg')).toEqual([ids['张建国']]);
    for (const [q, want] of QUERIES) expect(await names(s, q), `${q} (index)`).toEqual(want);
    // Nothing queued was lost by the upgrade.
    expect((await s.db.outbox.toArray()).map((o) => o.seq)).toEqual(outbox.map((o) => o.seq));
  });

  it('[N6] a query of three or more letters is looked up by its three-letter pieces: a record holding its pairs in different names is not a candidate', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const ids = await saveAll(s);
    // 赵杰 (zj) and 贾刚 (jg): both pairs of zjg, in two names, and no name with the initials zjg.
    const split = household({ n: 790, head: { name: '赵杰', idNumber: idNumberFor(790) }, membersCount: 2, members: [{ id: 'member-790-0', name: '贾刚', sex: 'male', ageBand: '18-59' }] });
    await s.households.save(split);
    const { lookupKey } = await keysOf(s, 'pw-li');
    expect(await nameIndexCandidates(s.db, lookupKey, 'zjg')).toEqual([ids['张建国']]);
    expect(await nameIndexCandidates(s.db, lookupKey, 'oyjh')).toEqual([ids['欧阳建华']]);
    expect(queryPairs('zjg')).toHaveLength(1);
    // Two letters stay pairs: both records hold zj.
    expect((await nameIndexCandidates(s.db, lookupKey, 'zj'))!.sort()).toEqual([ids['张建国']!, split.id].sort());
    expect(await names(s, 'zjg')).toEqual(['张建国']);
    expect(await names(s, 'jg')).toEqual(['张建国', '赵杰']);
  });

  it('[N6][N5] a version 2 database opens as version 3: the old index is dropped and rebuilt after unlock, and the search is right throughout', async () => {
    const env = { prefix: `v2-names-${Math.random().toString(36).slice(2, 8)}-` };
    const rig = await clientRig({ deps: { db: env } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const first = await rig.client.loginOnline('li', 'pw-li');
    const ids = await saveAll(first);
    // Version 2's index: a stale token list (here one token that matches nothing), as release 2 wrote it.
    const { outbox } = await rewriteAsVersion(rig, first, env, 2, (rows) => rows.map((r) => ({ ...r, nameKeys: ['stale-token'] })));

    const s = await rig.client.unlockOffline('li', 'pw-li');
    expect(s.db.verno).toBe(6); // through version 3 (N6) and 4 (N8) to 5 (N1's numbers), then 6 (N11)
    for (const [q, want] of QUERIES) expect(await names(s, q), q).toEqual(want);
    await vi.waitFor(async () => expect(await s.db.meta.get('nameIndex')).toBeUndefined(), { timeout: 15_000 });
    expect((await s.db.records.toArray()).every((r) => Array.isArray(r.nameKeys) && r.nameKeys.every((k) => typeof tokenOf(k) === 'number'))).toBe(true);
    const { lookupKey } = await keysOf(s, 'pw-li');
    expect(await nameIndexCandidates(s.db, lookupKey, 'zjg')).toEqual([ids['张建国']]);
    for (const [q, want] of QUERIES) expect(await names(s, q), `${q} (index)`).toEqual(want);
    expect((await s.db.outbox.toArray()).map((o) => o.seq)).toEqual(outbox.map((o) => o.seq));
  });
});
