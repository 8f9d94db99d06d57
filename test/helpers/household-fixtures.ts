import { idCheckChar } from '../../src/shared/rules/id-number';
import type { DisplacedHouseholdInput } from '../../src/shared/schema/displaced-household';

/** A valid 18-digit ID number, different for each n (born 1980-01-01 + n days, Hangzhou). */
export function idNumberFor(n: number): string {
  const birth = new Date(Date.UTC(1980, 0, 1) + n * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `330102${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

let counter = 0;

/** A valid displaced household (dispersed, so no shelter site is needed). */
export function household(overrides: Partial<DisplacedHouseholdInput> & { n?: number } = {}): DisplacedHouseholdInput {
  const { n = ++counter, ...rest } = overrides;
  return {
    id: `hh-${String(n).padStart(6, '0')}-${Math.random().toString(36).slice(2, 8)}`,
    eventId: 'event-0001',
    head: { name: `户主${n}`, idNumber: idNumberFor(n) },
    membersCount: 3,
    origin: { village: `东村${n % 7}` },
    damage: { level: 'severe' },
    placement: 'dispersed',
    dispersedKind: 'relatives',
    checkInAt: '2025-07-01T08:00:00.000Z',
    ...rest,
  };
}
