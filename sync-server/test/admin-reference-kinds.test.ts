import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/shared/protocol/messages';
import { startTestServer, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { EVENT_ID } from './fixtures';
import { ANPING_LIULIN, ANPING_QINGHE } from '../../test/fixtures/areas';

/**
 * The reference kinds the county's reference-data page writes besides events and sites
 * (sync-server/src/routes/admin-reference.ts): relief entitlements and township policies. Each is
 * validated with its shared schema and stored as reference data the tablets pull (SPEC L1).
 */
const countyWide = { id: 'ent-quilt-r1', eventId: EVENT_ID, round: 1, itemKind: 'quilt', maxQuantity: 2, unit: '床', oncePerRound: true, township: null };
const qingheCash = { id: 'ent-cash-qh-1', eventId: EVENT_ID, round: 1, itemKind: 'emergency', maxValue: 500, oncePerRound: true, township: ANPING_QINGHE };
const policy = {
  id: 'policy-qh-0001',
  township: ANPING_QINGHE,
  policyVersion: 1,
  effectiveFrom: '2026-01-01',
  parameters: {
    standard: { urban: 800, rural: 600 },
    lowIncomeMultiplier: 1.5,
    perCapitaDisposableIncome: 2000,
    financialAssetMonths: 24,
    employmentCostDeduction: 200,
    rigidSpendingRatio: 1,
    excludedIncome: ['preferential-care', 'scholarship'],
    excludedIncomeTekun: ['preferential-care', 'scholarship', 'old-age-allowance'],
  },
};

describe('administration API: entitlements and policies', () => {
  let server: TestServer;
  let admin: TestSession;
  let wang: TestSession;
  let li: TestSession;

  beforeEach(async () => {
    server = await startTestServer();
    admin = await server.session({ username: 'root', role: 'admin' });
    wang = await server.session({ username: 'wang' });
    li = await server.session({ username: 'li', township: ANPING_LIULIN });
  });
  afterEach(() => server.close());

  const pulledIds = async (s: TestSession, entity: string) =>
    ((await server.pull(s)).json() as PullResponse).records.filter((r) => r.entity === entity).map((r) => r.id).sort();

  it('creates entitlements: county-wide ones reach every tablet, a township’s only that township', async () => {
    const a = await server.inject('POST', '/api/admin/entitlements', { session: admin, body: countyWide });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json().record).toMatchObject({ entity: 'entitlement', township: null, version: 1, fields: countyWide });
    const b = await server.inject('POST', '/api/admin/entitlements', { session: admin, body: qingheCash });
    expect(b.json().record).toMatchObject({ township: ANPING_QINGHE, fields: qingheCash });

    expect(await pulledIds(wang, 'entitlement')).toEqual(['ent-cash-qh-1', 'ent-quilt-r1']);
    expect(await pulledIds(li, 'entitlement')).toEqual(['ent-quilt-r1']);
  });

  it('refuses an entitlement without a limit, names the field, and lets only administrators write', async () => {
    const { maxQuantity: _q, ...noLimit } = countyWide;
    const bad = await server.inject('POST', '/api/admin/entitlements', { session: admin, body: noLimit });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues).toContainEqual({ path: 'maxQuantity', message: 'entitlement.limitRequired' });
    expect((await server.inject('POST', '/api/admin/entitlements', { session: wang, body: countyWide })).statusCode).toBe(403);
    expect(await server.store.listRecords({ entity: 'entitlement', townships: null, includeNoTownship: true, limit: 10 })).toEqual([]);
  });

  it('updates an entitlement in place (a new version) and moves it to a township', async () => {
    await server.inject('POST', '/api/admin/entitlements', { session: admin, body: countyWide });
    const put = await server.inject('PUT', `/api/admin/entitlements/${countyWide.id}`, { session: admin, body: { ...countyWide, maxQuantity: 3, township: ANPING_LIULIN } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().record).toMatchObject({ version: 2, township: ANPING_LIULIN, fields: { maxQuantity: 3 } });
    expect((await server.inject('PUT', '/api/admin/entitlements/ent-missing-01', { session: admin, body: { ...countyWide, id: 'ent-missing-01' } })).statusCode).toBe(404);
  });

  it('lists entitlements and policies for the page, and round-trips a policy’s exclusion lists', async () => {
    await server.inject('POST', '/api/admin/entitlements', { session: admin, body: countyWide });
    expect((await server.inject('POST', '/api/admin/policies', { session: admin, body: policy })).statusCode).toBe(201);
    const changed = { ...policy, parameters: { ...policy.parameters, excludedIncome: ['scholarship'], excludedIncomeTekun: [] } };
    const put = await server.inject('PUT', `/api/admin/policies/${policy.id}`, { session: admin, body: changed });
    expect(put.json().record).toMatchObject({ version: 2, township: ANPING_QINGHE });

    const list = async (entity: string) => (await server.inject('GET', `/api/admin/records?entity=${entity}`, { session: admin })).json().records;
    expect((await list('entitlement')).map((r: { id: string }) => r.id)).toEqual([countyWide.id]);
    const [stored] = await list('policy');
    expect(stored.fields.parameters).toEqual(changed.parameters);
  });
});
