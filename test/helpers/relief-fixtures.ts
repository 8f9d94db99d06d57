/**
 * The real client (src/db/client.ts on fake-indexeddb) against the real server in process,
 * with one event, two shelters and the county's entitlements pulled, for relocation and relief tests.
 * Made-up people and places.
 */
import type { EntitlementInput } from '../../src/shared/schema/entitlement';
import type { DisplacedHouseholdInput } from '../../src/shared/schema/displaced-household';
import type { ShelterSite } from '../../src/shared/schema/shelter-site';
import { clientRig, type ClientRigOptions } from './client-rig';
import { TEST_TOWNSHIP } from './in-process-server';

export const EVENT_ID = 'event-0630-flood';
export const TOWNSHIP = TEST_TOWNSHIP;
export const SITE_A: ShelterSite = {
  id: 'site-school-a', eventId: EVENT_ID, name: '河口小学', type: 'school', township: TOWNSHIP,
  capacity: 100, floorArea: 350, waterPoints: 1, toilets: 4, medicalPoint: true, openedOn: '2025-06-30',
};
export const SITE_B: ShelterSite = {
  id: 'site-gym-b', eventId: EVENT_ID, name: '镇体育馆', type: 'gymnasium', township: TOWNSHIP,
  // Small on purpose: 4 people on 10 m² is 2.5 m² each, below the Sphere minimum.
  capacity: 3, floorArea: 10, waterPoints: 1, toilets: 2, medicalPoint: false, openedOn: '2025-06-30',
};
export const ENTITLEMENTS: EntitlementInput[] = [
  { id: 'ent-quilt-r1', eventId: EVENT_ID, round: 1, itemKind: 'quilt', maxQuantity: 4, unit: '床', maxValue: 200, oncePerRound: true, township: null },
  { id: 'ent-emergency-r1', eventId: EVENT_ID, round: 1, itemKind: 'emergency', maxValue: 1000, oncePerRound: true, township: null },
];
/** 2025-07-01 16:00 China time (the rig's clock). */
export const RIG_NOW_ISO = '2025-07-01T08:00:00.000Z';

/** Made-up ID numbers with valid check characters (not real people). */
export const HEAD_ID = '330106198503121231';
export const OTHER_ID = '610104197707070085';

/** `opts` as for clientRig (e.g. a session long enough for the clock to move a month). */
export async function reliefRig(opts: ClientRigOptions = {}) {
  const rig = await clientRig(opts);
  await rig.server.addUser({ username: 'wang', password: 'pw-wang', displayName: '王芳', township: TOWNSHIP });
  await rig.server.putReference('event', { id: EVENT_ID, name: '6·30 洪灾', hazard: 'flood', startDate: '2025-06-30', townships: [TOWNSHIP], status: 'active' });
  for (const site of [SITE_A, SITE_B]) await rig.server.putReference('site', { ...site });
  for (const e of ENTITLEMENTS) await rig.server.putReference('entitlement', { ...e });
  const session = await rig.client.loginOnline('wang', 'pw-wang');
  await session.sync.syncNow();
  return { rig, session };
}

let n = 0;
/** A household registered at shelter A this morning. */
export function shelterHousehold(overrides: Partial<DisplacedHouseholdInput> = {}): DisplacedHouseholdInput {
  return {
    id: `hh-test-${String(++n).padStart(4, '0')}`,
    eventId: EVENT_ID,
    head: { name: '张三', idNumber: HEAD_ID },
    membersCount: 3,
    origin: { village: '河口村' },
    damage: { level: 'severe', rooms: 2 },
    evacuationKind: 'relocation',
    placement: 'centralised',
    shelterSiteId: SITE_A.id,
    checkInAt: '2025-07-01T01:00:00.000Z',
    ...overrides,
  };
}

/** An 8-byte PNG signature: what the fake signature pad "draws". */
export const FAKE_PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const FAKE_PNG_DATA_URL = 'data:image/png;base64,iVBORw0KGgo=';
