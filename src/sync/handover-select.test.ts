import { describe, expect, it } from 'vitest';
import type { QueuedRow } from './handover-select';
import { selectForHandover, supersededBy } from './handover-select';

const row = (seq: number, id: string, baseVersion: number): QueuedRow =>
  ({ seq, id, baseVersion, entity: 'household', state: 'queued', bytes: 10, formVersion: 1, changedAt: '2026-06-21T08:00:00.000Z' }) as unknown as QueuedRow;

describe('which queued changes a file holds [F6]', () => {
  it('per record the latest change on its first base, carrying the earlier ones; a change on another base waits for sync', () => {
    const queued = [row(1, 'a', 0), row(2, 'b', 3), row(3, 'a', 0), row(4, 'a', 5), row(5, 'a', 0)];
    const { rows, superseded, leftForSync } = selectForHandover(queued);
    expect(rows.map((r) => r.seq)).toEqual([2, 5]);
    expect(superseded.get(5)?.map((r) => r.seq)).toEqual([1, 3]);
    expect(leftForSync).toBe(1);
  });

  it('[F10] an answered change is done with the earlier changes of its record on the same base, not later ones', () => {
    const queued = [row(1, 'a', 0), row(2, 'a', 0), row(3, 'a', 0), row(4, 'b', 0)];
    const map = supersededBy([queued[1]!], queued);
    expect(map.get(2)?.map((r) => r.seq)).toEqual([1]);
  });
});
