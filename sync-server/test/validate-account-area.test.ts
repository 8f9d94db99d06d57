import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAccountArea } from '../src/areas/validate-account-area';
import { ANPING, ANPING_LIULIN, ANPING_QINGHE, DONGFENG, seedTestRegistry } from '../../test/fixtures/areas';
import { createTempStore, type TempStore } from '../../test/helpers/server-harness';

/** The area fields of an account, checked against the registry: what account routes and commands call (issue 10). */
describe('validateAccountArea', () => {
  let temp: TempStore;
  beforeAll(async () => {
    temp = await createTempStore('sqlite');
    await seedTestRegistry(temp.store);
    await temp.store.retireDivision(ANPING_LIULIN, ANPING_QINGHE, '2026-06-01T00:00:00.000Z');
  });
  afterAll(() => temp.cleanup());
  const issue = (p: Promise<unknown>) => p.then(() => null, (e: { code: string; details: { issues: { path: string; message: string }[] } }) => [e.code, e.details.issues[0]]);

  it('binds a worker to an active township code and derives its county from the code', async () => {
    expect(await validateAccountArea(temp.store, 'worker', { township: ANPING_QINGHE })).toEqual({ township: ANPING_QINGHE, county: ANPING });
    expect(await validateAccountArea(temp.store, 'worker', { township: ANPING_QINGHE, county: ANPING })).toEqual({ township: ANPING_QINGHE, county: ANPING });
  });

  it('refuses names, unknown, retired or wrong-level codes, and a county that is not the township’s', async () => {
    expect(await issue(validateAccountArea(temp.store, 'worker', { township: '清河镇' }))).toEqual(['VALIDATION_FAILED', { path: 'township', message: 'area.unknownCode' }]);
    expect(await issue(validateAccountArea(temp.store, 'worker', { township: ANPING_LIULIN }))).toEqual(['VALIDATION_FAILED', { path: 'township', message: 'area.notAnActiveTownship' }]);
    expect(await issue(validateAccountArea(temp.store, 'worker', { township: ANPING }))).toEqual(['VALIDATION_FAILED', { path: 'township', message: 'area.notAnActiveTownship' }]);
    expect(await issue(validateAccountArea(temp.store, 'worker', { township: ANPING_QINGHE, county: DONGFENG }))).toEqual(['VALIDATION_FAILED', { path: 'county', message: 'area.countyMismatch' }]);
    expect(await issue(validateAccountArea(temp.store, 'worker', {}))).toEqual(['VALIDATION_FAILED', { path: 'township', message: 'required' }]);
  });

  it('binds a supervisor to an active county and no township; an administrator to neither', async () => {
    expect(await validateAccountArea(temp.store, 'supervisor', { county: DONGFENG })).toEqual({ township: null, county: DONGFENG });
    expect(await issue(validateAccountArea(temp.store, 'supervisor', { county: '东丰县' }))).toEqual(['VALIDATION_FAILED', { path: 'county', message: 'area.unknownCode' }]);
    expect(await issue(validateAccountArea(temp.store, 'supervisor', { county: ANPING_QINGHE }))).toEqual(['VALIDATION_FAILED', { path: 'county', message: 'area.notAnActiveCounty' }]);
    expect(await issue(validateAccountArea(temp.store, 'supervisor', { county: DONGFENG, township: ANPING_QINGHE }))).toEqual(['VALIDATION_FAILED', { path: 'township', message: 'area.supervisorHasNoTownship' }]);
    expect(await validateAccountArea(temp.store, 'admin', {})).toEqual({ township: null, county: null });
    expect(await issue(validateAccountArea(temp.store, 'admin', { county: DONGFENG }))).toEqual(['VALIDATION_FAILED', { path: 'county', message: 'area.adminHasNone' }]);
  });
});
