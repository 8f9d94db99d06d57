/**
 * Issue 13, items 2 and 3 on the server: the duplicate check compares every person a household names
 * (head and members) by ID-number HMAC, across townships; a person counts once in the casualty figures;
 * registrations of one person that disagree are shown in the flag with every value and the one counted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CountyReport } from '../../src/shared/rules/relocation/report-types';
import type { FlagFields } from '../../src/shared/rules/relocation/flag-fields';
import { maskIdNumber } from '../../src/shared/rules/id-number';
import { AT, EVENT, EXPECTED_TOTAL, HOUSEHOLDS, LL as LL_NAME, madeUpId, P, QH as QH_NAME } from '../../test/fixtures/relocation-event';
import { startTestServer, type StoreKind, type TestServer } from '../../test/helpers/server-harness';
import { change } from './fixtures';
import { codeOf, seedRelocationEvent, type SeededEvent } from './relocation-seed';

/** The fixture's townships as the server holds them: division codes (issue 10). */
const LL = codeOf(LL_NAME);
const QH = codeOf(QH_NAME);

type FlagView = FlagFields & { id: string; township: string | null; version: number };

/** 郑奶奶, registered as a member by two households on two tablets. */
const GRANDMOTHER = madeUpId(401, '19480101');
const grandma = (id: string, casualty?: 'injured') => ({ id, name: '郑奶奶', idNumber: GRANDMOTHER, sex: 'female', ageBand: '60+', ...(casualty ? { casualty } : {}) });

/** A copy of a fixture household with a new id, head and members (JSON, as a tablet sends it). */
function household(fromId: string, id: string, patch: Record<string, unknown>): Record<string, unknown> {
  const base = HOUSEHOLDS.find((h) => h.household.id === fromId)!.household;
  // Neither support, unless the test says: the copies agree on everything but what a test changes.
  return JSON.parse(JSON.stringify({ ...base, id, needsEmergencySupport: false, needsTransitionalSupport: false, ...patch })) as Record<string, unknown>;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('people flagged and counted by every member’s HMAC (%s)', (kind) => {
  let server: TestServer;
  let seed: SeededEvent;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    seed = await seedRelocationEvent(server);
  });
  afterEach(() => server.close());

  const flags = async () => ((await server.inject('GET', `/api/flags?eventId=${EVENT.id}`, { session: seed.supervisor })).json() as { flags: FlagView[] }).flags;
  const personFlag = async (idNumber: string) => (await flags()).find((f) => f.kind === 'duplicate-person' && f.key.includes(maskIdNumber(idNumber)) && f.recordIds.length > 1);
  const report = async () => ((await server.inject('GET', `/api/reports/relocation?eventId=${EVENT.id}&at=${encodeURIComponent(AT)}`, { session: seed.supervisor })).json() as { report: CountyReport }).report;
  const push = async (tablet: keyof SeededEvent['tablets'], seq: number, fields: Record<string, unknown>) => {
    const res = await server.push(seed.tablets[tablet], [change(seq, String(fields.id), fields)]);
    expect((res.json() as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied']);
  };

  it('郑明, a member of his father’s household and head of his own, is flagged, with where each registration has him', async () => {
    const f = await personFlag(P.P11);
    expect(f).toMatchObject({
      kind: 'duplicate-person', entity: 'household', recordIds: ['hh-ll-09', 'hh-ll-13'], townships: [LL], township: LL, status: 'open',
      key: `户主、成员 郑明 ${maskIdNumber(P.P11)}`,
      occurrences: [{ householdId: 'hh-ll-09', role: 'member', memberId: 'member-09-2' }, { householdId: 'hh-ll-13', role: 'head' }],
    });
    // His father's household needs both supports, his own neither: the county sees both, and which counts.
    expect(f!.disagreements).toEqual([
      { field: 'needsEmergencySupport', counted: 'hh-ll-13', values: [{ householdId: 'hh-ll-09', value: 'yes' }, { householdId: 'hh-ll-13', value: 'no' }] },
      { field: 'needsTransitionalSupport', counted: 'hh-ll-13', values: [{ householdId: 'hh-ll-09', value: 'yes' }, { householdId: 'hh-ll-13', value: 'no' }] },
    ]);
    expect(JSON.stringify(await flags())).not.toContain(P.P11);
  });

  it('a member of households in two townships, neither its head, is flagged in both townships', async () => {
    await push('qh-1', 100, household('hh-qh-03', 'hh-qh-90', { head: { name: '郑大', idNumber: madeUpId(411) }, members: [grandma('member-90-1')] }));
    expect(await personFlag(GRANDMOTHER)).toBeUndefined();
    server.clock.advance(60_000);
    await push('ll-1', 100, household('hh-ll-11', 'hh-ll-91', { head: { name: '郑二', idNumber: madeUpId(413) }, members: [grandma('member-91-1')] }));
    expect(await personFlag(GRANDMOTHER)).toMatchObject({
      recordIds: ['hh-ll-91', 'hh-qh-90'], townships: [LL, QH].sort(), township: QH, key: `成员 郑奶奶 ${maskIdNumber(GRANDMOTHER)}`,
    });
  });

  it('a household registered twice flags its head once, not once per member', async () => {
    const twice = (id: string) => household('hh-ll-11', id, { head: { name: '蒋一', idNumber: madeUpId(421) }, members: [{ id: `${id}-m`, name: '蒋二', idNumber: madeUpId(423), sex: 'male', ageBand: '18-59' }] });
    await push('ll-1', 100, twice('hh-ll-92a'));
    await push('ll-2', 100, twice('hh-ll-92b'));
    expect(await personFlag(madeUpId(421))).toMatchObject({ recordIds: ['hh-ll-92a', 'hh-ll-92b'], key: `户主 蒋一 ${maskIdNumber(madeUpId(421))}` });
    expect(await personFlag(madeUpId(423))).toBeUndefined();
  });

  it('injured in two registrations counts once in 受伤人口; injured in one only: the flag shows both values', async () => {
    await push('qh-1', 100, household('hh-qh-03', 'hh-qh-93', { head: { name: '郑大', idNumber: madeUpId(411) }, members: [grandma('member-93-1', 'injured')] }));
    await push('ll-1', 100, household('hh-ll-11', 'hh-ll-94', { head: { name: '郑二', idNumber: madeUpId(413) }, members: [grandma('member-94-1', 'injured')] }));
    expect((await report()).total.casualties.injured).toBe(EXPECTED_TOTAL.casualties.injured + 1);
    expect((await personFlag(GRANDMOTHER))!.disagreements ?? []).toEqual([]);

    // 柳林乡 corrects her: not injured. Counted by the registration whose figures count, and flagged.
    const v1 = (await server.store.getRecord('household', 'hh-ll-94'))!.version;
    const fields = household('hh-ll-11', 'hh-ll-94', { head: { name: '郑二', idNumber: madeUpId(413) }, members: [grandma('member-94-1')] });
    const res = await server.push(seed.tablets['ll-1'], [{ ...change(101, 'hh-ll-94', fields), baseVersion: v1, changedAt: '2026-06-25T01:00:00.000Z' }]);
    expect(res.statusCode).toBe(200);
    const f = (await personFlag(GRANDMOTHER))!;
    expect(f.disagreements?.find((d) => d.field === 'casualty')).toEqual({
      field: 'casualty', counted: expect.stringMatching(/^hh-(qh-93|ll-94)$/), values: [{ householdId: 'hh-ll-94', value: 'none' }, { householdId: 'hh-qh-93', value: 'injured' }],
    });
    const counted = f.disagreements!.find((d) => d.field === 'casualty')!.counted;
    expect((await report()).total.casualties.injured).toBe(EXPECTED_TOTAL.casualties.injured + (counted === 'hh-qh-93' ? 1 : 0));
  });

  it('rescan rebuilds the member index of records stored without the after-push step', async () => {
    const fields = household('hh-qh-03', 'hh-qh-95', { head: { name: '郑大', idNumber: madeUpId(411) }, members: [{ id: 'member-95-1', name: '郑明', idNumber: P.P11, sex: 'male', ageBand: '18-59' }] });
    await server.store.transaction((tx) =>
      tx.putRecord({
        entity: 'household', id: 'hh-qh-95', township: QH, version: 1, fields, fieldVersions: {}, fieldStamps: {}, createdBy: null, updatedBy: null,
        originClient: null, updatedAt: server.clock.now().toISOString(), deleted: false, idHmac: null,
      }),
    );
    await server.inject('POST', '/api/flags/rescan', { session: seed.supervisor, body: { eventId: EVENT.id } });
    expect((await personFlag(P.P11))!.recordIds).toEqual(['hh-ll-09', 'hh-ll-13', 'hh-qh-95']);
  });
});
