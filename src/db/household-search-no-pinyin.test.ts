import { describe, expect, it, vi } from 'vitest';
import { household, idNumberFor } from '../../test/helpers/household-fixtures';
import { clientRig } from '../../test/helpers/client-rig';

// The pinyin chunk cannot load (an app update removed it, a broken cache): a save must still succeed.
vi.mock('pinyin-pro', () => {
  throw new Error('chunk failed to load');
});

describe('the household search when pinyin cannot load (SPEC N3, N10)', () => {
  it('[N3][N5][N10] a save still succeeds (with its ID hashes), and the search finds by name (initials left out)', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const hh = household({ n: 901, head: { name: '张建国', idNumber: idNumberFor(901) } });
    await s.households.save(hh);
    const row = (await s.db.records.get(hh.id))!;
    expect(row).not.toHaveProperty('nameKeys');
    expect(row.idHmacs).toHaveLength(1);
    expect((await s.households.list({ text: '建国' })).map((h) => h.id)).toEqual([hh.id]);
    expect(await s.households.list({ text: 'zjg' })).toEqual([]);
    expect(await s.db.outbox.count()).toBe(1);
  });
});
