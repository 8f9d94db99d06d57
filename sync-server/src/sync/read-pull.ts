import { MAX_PULL_LIMIT, type PullResponse } from '../../../src/shared/protocol/messages';
import type { AppContext } from '../context';
import type { DeviceRow, UserRow } from '../store/store';
import { pulledJson } from './record-state';
import { pullScope } from './scope';

export const DEFAULT_PULL_LIMIT = 500;

/**
 * SPEC L1–L3: the records after `since` the account may see, in serverSeq order, one page at a time.
 * The cursor moves past every row read, including those not sent: a device's own fast-forward writes
 * (origin device and same account: its local copy already is that state) are skipped, not re-read.
 * The answer is the PullResponse's JSON text, as JSON.stringify writes it (the records' fields as read:
 * record-state.ts pulledJson); the route sends it as it is.
 */
export async function readPullText(ctx: AppContext, user: UserRow, device: DeviceRow, since: number, limit: number): Promise<string> {
  const pageSize = Math.min(Math.max(1, limit), MAX_PULL_LIMIT);
  const scope = await pullScope(ctx.store, user);
  const rows = await ctx.store.pullRecords({ since, limit: pageSize + 1, scope });
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  const records = page.filter((r) => !(r.originClient === device.id && r.updatedBy === user.id)).map(pulledJson);
  return `{"records":[${records.join(',')}],"cursor":${JSON.stringify(last ? last.serverSeq : since)},"hasMore":${rows.length > pageSize}}`;
}

/** The same page as an object (a caller in the same process: tests). */
export async function readPull(ctx: AppContext, user: UserRow, device: DeviceRow, since: number, limit: number): Promise<PullResponse> {
  return JSON.parse(await readPullText(ctx, user, device, since, limit)) as PullResponse;
}
