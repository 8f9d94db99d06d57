import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAccountArea } from '../src/areas/validate-account-area';
import { readableTownships } from '../src/sync/scope';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE, CITY, DONGFENG, DONGFENG_QINGHE, PROVINCE } from '../../test/fixtures/areas';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { createHousehold, newId } from './fixtures';

/** A second city of the test province, with one county and one township (also called 清河镇). */
const OTHER_CITY = '130200000000';
const OTHER_COUNTY = '130201000000';
const OTHER_QINGHE = '130201001000';
/** A township of another province altogether. */
const OTHER_PROVINCE = '140000000000';
const FAR_TOWNSHIP = '140101001000';

/**
 * domain/areas.md: "a city or province administrator sees the areas below their own". A supervisor
 * account bound to a city or province code (SPEC A9) reads every township below it, in every county,
 * and nothing of another city or province. Both stores.
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('[A9] an account bound above county level (%s)', (kind) => {
  let server: TestServer;
  let admin: TestSession;
  const written = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer({ store: kind });
    const at = '2026-01-01T00:00:00.000Z';
    await server.store.addDivisions([
      { code: OTHER_CITY, name: '另一市', level: 'city', parentCode: PROVINCE, provisional: false, at },
      { code: OTHER_COUNTY, name: '西岭县', level: 'county', parentCode: OTHER_CITY, provisional: false, at },
      { code: OTHER_QINGHE, name: '清河镇', level: 'township', parentCode: OTHER_COUNTY, provisional: false, at },
      { code: OTHER_PROVINCE, name: '另一省', level: 'province', parentCode: null, provisional: false, at },
      { code: '140100000000', name: '远市', level: 'city', parentCode: OTHER_PROVINCE, provisional: false, at },
      { code: '140101000000', name: '远县', level: 'county', parentCode: '140100000000', provisional: false, at },
      { code: FAR_TOWNSHIP, name: '清河镇', level: 'township', parentCode: '140101000000', provisional: false, at },
    ]);
    admin = await server.session({ username: 'root', role: 'admin' });
    const places: [string, string][] = [[ANPING_QINGHE, ANPING], [ANPING_LIULIN, ANPING], [DONGFENG_QINGHE, DONGFENG], [OTHER_QINGHE, OTHER_COUNTY], [FAR_TOWNSHIP, '140101000000']];
    for (const [township, county] of places) {
      const worker = await server.session({ township, county });
      const id = newId();
      const res = await server.push(worker, [createHousehold(1, id)]);
      expect(res.json().results[0]).toMatchObject({ status: 'applied' });
      written.set(township, id);
    }
  });
  afterAll(() => server.close());

  const recordTownships = async (s: TestSession) => {
    const res = await server.inject('GET', '/api/admin/records?entity=household', { session: s });
    expect(res.statusCode).toBe(200);
    return [...new Set((res.json().records as { township: string }[]).map((r) => r.township))].sort();
  };

  it('[A9] a city supervisor reads every township of every county of the city, and nothing of another city', async () => {
    const city = await server.session({ role: 'supervisor', township: null, county: CITY });
    expect(await readableTownships(server.store, city.user as never)).toEqual([ANPING_QINGHE, ANPING_LIULIN, DONGFENG_QINGHE].sort());
    expect(await recordTownships(city)).toEqual([ANPING_QINGHE, ANPING_LIULIN, DONGFENG_QINGHE].sort());
    const denied = await server.inject('GET', `/api/admin/records?township=${OTHER_QINGHE}`, { session: city });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('OUT_OF_AREA');
  });

  it('[A9] a province supervisor reads every township of the province, and nothing of another province', async () => {
    const province = await server.session({ role: 'supervisor', township: null, county: PROVINCE });
    expect(await recordTownships(province)).toEqual([ANPING_QINGHE, ANPING_LIULIN, DONGFENG_QINGHE, OTHER_QINGHE].sort());
  });

  it('[A9] a county supervisor still reads only its county', async () => {
    const county = await server.session({ role: 'supervisor', township: null, county: DONGFENG });
    expect(await recordTownships(county)).toEqual([DONGFENG_QINGHE]);
  });

  it('[A9] a city supervisor sees the accounts and devices below the city, not those of another city', async () => {
    const city = await server.session({ username: 'city-sup', role: 'supervisor', township: null, county: CITY });
    const users = (await server.inject('GET', '/api/admin/users', { session: city })).json().users as { township: string | null; county: string | null; username: string }[];
    const areas = new Set(users.map((u) => u.township ?? u.county));
    expect(areas.has(ANPING_QINGHE) && areas.has(DONGFENG_QINGHE)).toBe(true);
    expect(areas.has(OTHER_QINGHE) || areas.has(FAR_TOWNSHIP)).toBe(false);
    expect(users.some((u) => u.username === 'root')).toBe(false);
    const devices = (await server.inject('GET', '/api/admin/devices', { session: city })).json().devices as { township: string | null }[];
    expect(devices.length).toBeGreaterThanOrEqual(3);
    expect(devices.every((d) => d.township !== OTHER_QINGHE && d.township !== FAR_TOWNSHIP)).toBe(true);
  });

  it('[A9] an administrator may bind a supervisor to an active city or province; a worker still needs a township', async () => {
    expect(await validateAccountArea(server.store, 'supervisor', { county: CITY })).toEqual({ township: null, county: CITY });
    expect(await validateAccountArea(server.store, 'supervisor', { county: PROVINCE })).toEqual({ township: null, county: PROVINCE });
    const made = await server.inject('POST', '/api/admin/users', {
      session: admin, body: { username: 'city-boss', password: 'correct horse battery staple 42', role: 'supervisor', township: null, county: OTHER_CITY },
    });
    expect(made.statusCode).toBe(201);
    const boss = await server.login('city-boss', 'correct horse battery staple 42');
    expect(await recordTownships(boss)).toEqual([OTHER_QINGHE]);
    expect(written.get(OTHER_QINGHE)).toBeTruthy();
  });
});
