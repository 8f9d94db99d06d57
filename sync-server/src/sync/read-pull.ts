import { MAX_PULL_LIMIT, type PullResponse } from '../../../src/shared/protocol/messages';
import type { AppContext } from '../context';
import type { DeviceRow, UserRow } from '../store/store';
import { pulled } from './record-state';
import { pullScope } from './scope';

export const DEFAULT_PULL_LIMIT = 500;

/**
 * SPEC L1–L3: the records after `since` the account may see, in serverSeq order, one page at a time.
 * The cursor moves past every row read, including those not sent: a device's own fast-forward writes
 * (origin device and same account: its local copy already is that state) are skipped, not re-read.
 */
export async function readPull(ctx: AppContext, user: UserRow, device: DeviceRow, since: number, limit: number): Promise<PullResponse> {
  const pageSize = Math.min(Math.max(1, limit), MAX_PULL_LIMIT);
  const scope = await pullScope(ctx.store, user);
  const rows = await ctx.store.pullRecords({ since, limit: pageSize + 1, scope });
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  return {
    records: page.filter((r) => !(r.originClient === device.id && r.updatedBy === user.id)).map(pulled),
    cursor: last ? last.serverSeq : since,
    hasMore: rows.length > pageSize,
  };
}
