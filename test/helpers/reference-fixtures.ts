/** Made-up reference data (not real places), valid under the shared schemas the admin routes apply. */
import type { DisasterEvent } from '../../src/shared/schema/disaster-event';
import type { ShelterSite } from '../../src/shared/schema/shelter-site';
import { TEST_TOWNSHIP } from './in-process-server';

export const TEST_EVENT: DisasterEvent = {
  id: 'event-0620-flood',
  name: '6·20 洪灾',
  hazard: 'flood',
  startDate: '2024-06-20',
  townships: [TEST_TOWNSHIP],
  status: 'active',
};

export const TEST_SITE: ShelterSite = {
  id: 'site-school-01',
  eventId: TEST_EVENT.id,
  name: '镇中心小学',
  type: 'school',
  township: TEST_TOWNSHIP,
  capacity: 200,
  floorArea: 800,
  waterPoints: 2,
  toilets: 6,
  medicalPoint: true,
  openedOn: '2024-06-20',
};

/** Another shelter of a township (default the test township). */
export function siteFixture(id: string, overrides: Partial<ShelterSite> = {}): ShelterSite {
  return { ...TEST_SITE, id, name: `安置点 ${id}`, capacity: 100, ...overrides };
}

export function eventFixture(id: string, overrides: Partial<DisasterEvent> = {}): DisasterEvent {
  return { ...TEST_EVENT, id, ...overrides };
}
