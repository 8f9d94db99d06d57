import { describe, expect, it } from 'vitest';
import { importKeyBundle, newKeyBundle } from '../security/key-bundle';
import type { PullResponse } from '../shared/protocol/messages';
import type { SyncApi } from '../sync/api-client';
import { idNumberFor } from '../../test/helpers/household-fixtures';
import { maskIdNumbers } from './conflict-api';
import { conflictValues } from './conflict-seal';
import { sealConflictPulls } from '../sync/seal-conflict-pulls';
import { formatConflictValue } from '../features/conflicts/format-value';

const ID = idNumberFor(42);

function page(): PullResponse {
  return {
    cursor: 2,
    hasMore: false,
    records: [
      { entity: 'event', id: 'ev-1', version: 1, serverSeq: 1, township: null, fields: { name: '洪涝' }, updatedAt: '2024-06-21T00:00:00.000Z' },
      {
        entity: 'conflict',
        id: 'cf-abc',
        version: 1,
        serverSeq: 2,
        township: '清河镇',
        updatedAt: '2024-06-21T00:00:00.000Z',
        fields: {
          entity: 'household',
          recordId: 'hh-1',
          field: 'head',
          status: 'open',
          values: [
            { value: { name: '张三甲', idNumber: ID }, stamp: { at: '2024-06-21T00:00:00.000Z', device: 'd2' } },
            { value: { name: '张三乙', idNumber: ID }, stamp: { at: '2024-06-20T00:00:00.000Z', device: 'd1' } },
          ],
        },
      },
    ],
  };
}

describe('conflict records on the tablet', () => {
  it('[C4] a pulled conflict reaches the pull transaction with its values sealed; other records pass unchanged', async () => {
    const keys = await importKeyBundle(newKeyBundle());
    const api = sealConflictPulls({ pull: async () => page() } as unknown as SyncApi, keys.dataKey);
    const got = await api.pull('t', 0, 100);
    expect(got.records[0]).toEqual(page().records[0]);
    const conflict = got.records[1]!;
    expect(conflict.fields).toMatchObject({ entity: 'household', recordId: 'hh-1', field: 'head', status: 'open' });
    expect(conflict.fields).not.toHaveProperty('values');
    const clear = JSON.stringify(conflict.fields, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Buffer.from(v.buffer).toString('latin1') : v));
    expect(clear).not.toContain('张三甲');
    expect(clear).not.toContain(ID);
    const values = await conflictValues(keys.dataKey, 'cf-abc', conflict.fields);
    expect(values.map((v) => (v.value as { name: string }).name)).toEqual(['张三甲', '张三乙']);
    // Bound to the conflict's id: copied onto another conflict it does not open.
    await expect(conflictValues(keys.dataKey, 'cf-other', conflict.fields)).rejects.toBeTruthy();
  });

  it('shows values with the ID number masked', () => {
    const shown = maskIdNumbers({ name: '张三', idNumber: ID, members: [{ idNumber: ID }] });
    const text = formatConflictValue(shown, '（空）');
    expect(text).not.toContain(ID);
    expect(text).toContain('name: 张三');
    expect(formatConflictValue(null, '（空）')).toBe('（空）');
    expect(formatConflictValue(3, '（空）')).toBe('3');
  });
});
