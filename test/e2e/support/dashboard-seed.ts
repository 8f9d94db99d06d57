import { randomUUID } from 'node:crypto';
import type { PushResponse } from '../../../src/shared/protocol/messages';
import { PROTOCOL_VERSION } from '../../../src/shared/protocol/version';
import { HOUSEHOLD_FORM_VERSION } from '../../../src/shared/schema/displaced-household';
import { RELIEF_FORM_VERSION } from '../../../src/shared/schema/relief';
import { Api } from './api';
import { madeUpIdNumber } from './ids';
import { serverRecords, type Scene } from './scene';

/** The dashboard's fixture: 4 and 2 people at the scene's school (centralised), 3 with relatives (dispersed). */
export const DASHBOARD_HOUSEHOLDS = [
  { name: '陈一', members: 4, placement: 'centralised' },
  { name: '陈二', members: 2, placement: 'centralised' },
  { name: '刘三', members: 3, placement: 'dispersed' },
] as const;

/**
 * Pushes the households as the scene's worker's tablet does (POST /api/sync/push), and one hand-out of
 * round 1 (1,000 yuan of emergency support to 陈一, an hour after the check-in); the push's statuses.
 */
export async function pushDashboardHouseholds(url: string, scene: Scene, checkInAt: string): Promise<string[]> {
  const deviceId = `e2e-tablet-${randomUUID()}`;
  const login = await new Api(url).call<{ token: string }>('POST', '/api/auth/login', { username: scene.worker.username, password: scene.worker.password, deviceId });
  const households = DASHBOARD_HOUSEHOLDS.map((h, i) => ({
    id: `hh-${randomUUID()}`, eventId: scene.eventId, head: { name: h.name, idNumber: madeUpIdNumber(401 + i) }, membersCount: h.members,
    origin: { village: '河东村' }, damage: { level: 'severe', rooms: 1 }, evacuationKind: 'relocation', placement: h.placement,
    ...(h.placement === 'centralised' ? { shelterSiteId: scene.siteId } : { dispersedKind: 'relatives' }), checkInAt,
  }));
  const handout = {
    id: `relief-${randomUUID()}`, eventId: scene.eventId, householdId: households[0]!.id, at: new Date(Date.parse(checkInAt) + 3_600_000).toISOString(), issuingOfficer: '王干事',
    round: 1, item: { category: 'cash', kind: 'emergency' }, quantity: 1000, unit: '元', cashValue: 1000, payment: 'card',
    recipient: { confirmation: 'signature', attachmentSha256: 'a'.repeat(64) },
  };
  const res = await new Api(url, login.token).call<PushResponse>('POST', '/api/sync/push', {
    protocol: PROTOCOL_VERSION, deviceId,
    changes: [
      ...households.map((fields, i) => ({ seq: i + 1, entity: 'household', id: fields.id, baseVersion: 0, fields, formVersion: HOUSEHOLD_FORM_VERSION, changedAt: checkInAt })),
      { seq: households.length + 1, entity: 'relief', id: handout.id, baseVersion: 0, fields: handout, formVersion: RELIEF_FORM_VERSION, changedAt: handout.at },
    ],
  });
  return res.results.map((r) => r.status);
}

/**
 * A second tablet of the worker hands the named household round 1's 1,000 yuan again (`at`): the server
 * flags a double hand-out (SPEC D10's e2e). The push's statuses and the hand-out's id.
 */
export async function pushRepeatHandout(url: string, scene: Scene, head: string, at: string): Promise<{ statuses: string[]; id: string }> {
  const households = await serverRecords(scene.admin, 'household');
  const household = households.find((h) => h.fields.eventId === scene.eventId && (h.fields.head as { name?: string } | undefined)?.name === head);
  if (!household) throw new Error(`no household of ${head}`);
  const deviceId = `e2e-tablet-${randomUUID()}`;
  const login = await new Api(url).call<{ token: string }>('POST', '/api/auth/login', { username: scene.worker.username, password: scene.worker.password, deviceId });
  const handout = {
    id: `relief-${randomUUID()}`, eventId: scene.eventId, householdId: household.id, at, issuingOfficer: '李干事',
    round: 1, item: { category: 'cash', kind: 'emergency' }, quantity: 1000, unit: '元', cashValue: 1000, payment: 'card',
    recipient: { confirmation: 'signature', attachmentSha256: 'b'.repeat(64) },
  };
  const res = await new Api(url, login.token).call<PushResponse>('POST', '/api/sync/push', {
    protocol: PROTOCOL_VERSION, deviceId,
    changes: [{ seq: 1, entity: 'relief', id: handout.id, baseVersion: 0, fields: handout, formVersion: RELIEF_FORM_VERSION, changedAt: at }],
  });
  return { statuses: res.results.map((r) => r.status), id: handout.id };
}
