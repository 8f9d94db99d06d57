import type { Change } from '../../src/shared/protocol/messages';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE } from '../../test/fixtures/areas';
import { EVENT, HANDOUTS, HOUSEHOLDS, LL, QH, SITES, TABLET_TOWNSHIP, type Tablet } from '../../test/fixtures/relocation-event';
import type { TestServer, TestSession } from '../../test/helpers/server-harness';

export interface SeededEvent {
  admin: TestSession;
  supervisor: TestSession;
  tablets: Record<Tablet, TestSession>;
  /** Each tablet's batch as pushed (households first, then hand-outs, as a tablet's outbox orders them). */
  batches: Record<Tablet, Change[]>;
}

/**
 * The fixture names its townships (清河镇, 柳林乡 of 安平县); on the server areas are division codes
 * (issue 10), those of the test registry (test/fixtures/areas.ts).
 */
const CODE_OF: Record<string, string> = { [QH]: ANPING_QINGHE, [LL]: ANPING_LIULIN };
const COUNTY_CODE = ANPING;
export const codeOf = (name: string): string => CODE_OF[name] ?? name;
/** A fixture value with its township names replaced by codes (events list them, sites and entitlements name one). */
export function withCodes<T extends object>(v: T): T {
  const o = v as Record<string, unknown>;
  return {
    ...o,
    ...(typeof o.township === 'string' ? { township: codeOf(o.township) } : {}),
    ...(Array.isArray(o.townships) ? { townships: (o.townships as string[]).map(codeOf) } : {}),
  } as T;
}

const asChange = (entity: Change['entity'], seq: number, fields: Record<string, unknown>): Change => ({
  seq, entity, id: String(fields.id), baseVersion: 0, fields, formVersion: 1, changedAt: '2026-06-25T00:00:00.000Z',
});

/** JSON round trip: the wire carries no undefined. */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

export function tabletBatch(tablet: Tablet): Change[] {
  const hh = HOUSEHOLDS.filter((h) => h.tablet === tablet).map((h) => plain(h.household));
  const rl = HANDOUTS.filter((h) => h.tablet === tablet).map((h) => plain(h.handout));
  return [...hh.map((f, i) => asChange('household', i + 1, f)), ...rl.map((f, i) => asChange('relief', hh.length + i + 1, f))];
}

/**
 * The fixture event on a test server: an administrator creates the event and its sites; four workers
 * of 安平县 (two tablets in each township) push their records; a county supervisor reads.
 */
export async function seedRelocationEvent(server: TestServer, order: Tablet[] = ['qh-1', 'qh-2', 'll-1', 'll-2']): Promise<SeededEvent> {
  const admin = await server.session({ role: 'admin' });
  const event = await server.inject('POST', '/api/admin/events', { session: admin, body: withCodes(EVENT) });
  if (event.statusCode !== 201) throw new Error(`event: ${event.statusCode} ${event.body}`);
  for (const site of SITES) {
    const res = await server.inject('POST', '/api/admin/sites', { session: admin, body: withCodes(plain(site)) });
    if (res.statusCode !== 201) throw new Error(`site: ${res.statusCode} ${res.body}`);
  }
  const tablets = {} as Record<Tablet, TestSession>;
  for (const tablet of ['qh-1', 'qh-2', 'll-1', 'll-2'] as Tablet[]) {
    tablets[tablet] = await server.session({ township: codeOf(TABLET_TOWNSHIP[tablet]), county: COUNTY_CODE, deviceId: `dev-${tablet}` });
  }
  const supervisor = await server.session({ role: 'supervisor', township: null, county: COUNTY_CODE });
  const batches = {} as Record<Tablet, Change[]>;
  for (const tablet of order) {
    batches[tablet] = tabletBatch(tablet);
    const res = await server.push(tablets[tablet], batches[tablet]);
    const rejected = (res.json() as { results: { status: string }[] }).results.filter((r) => r.status === 'rejected');
    if (res.statusCode !== 200 || rejected.length) throw new Error(`push ${tablet}: ${res.statusCode} ${res.body}`);
  }
  return { admin, supervisor, tablets, batches };
}
