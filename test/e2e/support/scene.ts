import { randomUUID } from 'node:crypto';
import { Api } from './api';
import type { RunningServer } from './server-process';

import { ANPING, ANPING_QINGHE, TEST_DIVISIONS } from '../../fixtures/areas';

/** Areas are division codes (issue 10): the worker's township and county, from the test registry. */
export const TOWNSHIP = ANPING_QINGHE;
export const COUNTY = ANPING;
/** What a person types or reads: the township's name. */
export const TOWNSHIP_NAME = '清河镇';

export interface Scene {
  admin: Api;
  eventId: string;
  siteId: string;
  worker: { username: string; password: string };
}

/** What a county administrator sets up before a flood response: a worker, an event and a shelter site. */
export async function setScene(server: RunningServer, username = 'wangfang'): Promise<Scene> {
  const admin = await Api.login(server.url, 'admin', server.adminPassword);
  const worker = { username, password: 'worker-pass-123' };
  // The administrator loads the division codes first, as a new deployment does (README "Areas").
  await admin.call('POST', '/api/admin/divisions/import', { csv: TEST_DIVISIONS.map(([code, name]) => `${code},${name}`).join('\n') });
  await admin.call('POST', '/api/admin/users', {
    ...worker, role: 'worker', township: TOWNSHIP, county: COUNTY, displayName: '王芳',
  });
  const eventId = randomUUID();
  await admin.call('POST', '/api/admin/events', {
    id: eventId, name: '6·20 洪灾', hazard: 'flood', startDate: '2026-06-20', townships: [TOWNSHIP], status: 'active',
  });
  const siteId = randomUUID();
  await admin.call('POST', '/api/admin/sites', {
    id: siteId, eventId, name: '清河中学', type: 'school', township: TOWNSHIP, capacity: 300, floorArea: 1200, openedOn: '2026-06-20',
  });
  return { admin, eventId, siteId, worker };
}

export interface StoredRecord {
  id: string;
  entity: string;
  version: number;
  township: string | null;
  fields: Record<string, unknown>;
}

export async function serverRecords(admin: Api, entity: string): Promise<StoredRecord[]> {
  const r = await admin.call<{ records: StoredRecord[] }>('GET', `/api/admin/records?entity=${entity}&limit=1000`);
  return r.records;
}
