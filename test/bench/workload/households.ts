import type { DisplacedHousehold } from '../../../src/shared/schema/displaced-household';
import { ageIn2025, birthDate, madeUpIdNumber } from './id-numbers';
import { chineseName, GROUPS, notes, surnameOf, VILLAGES } from './names';
import type { Rng } from './prng';

const AGE_BAND = (age: number) => (age < 5 ? '0-4' : age < 18 ? '5-17' : age < 60 ? '18-59' : '60+') as '0-4' | '5-17' | '18-59' | '60+';
const NEED_STATES = ['met', 'partly', 'not-met'] as const;

/**
 * A displaced household as the app stores it after the shared schema's parse (defaults written out),
 * members registered one by one, needs and special needs filled in: about 1.5 KB of JSON.
 */
export function generateHousehold(rng: Rng, serial: number, eventId: string): DisplacedHousehold {
  const surname = surnameOf(rng);
  const headSex = rng.chance(0.7) ? 'male' : 'female';
  const headBirth = birthDate(rng, 25, 75);
  const headId = madeUpIdNumber(rng, headBirth, headSex, serial * 7);
  const head = { name: chineseName(rng, headSex, surname), idNumber: headId, phone: `13${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}` };
  const count = rng.int(2, 6);
  const members: NonNullable<DisplacedHousehold['members']> = [
    { id: `mbr-${String(serial).padStart(6, '0')}-0`, name: head.name, idNumber: headId, sex: headSex, ageBand: AGE_BAND(ageIn2025(headBirth)) },
  ];
  for (let i = 1; i < count; i++) {
    const sex = i === 1 ? (headSex === 'male' ? 'female' : 'male') : rng.chance(0.5) ? 'male' : 'female';
    const birth = birthDate(rng, i === 1 ? 25 : 1, i === 1 ? 75 : 85);
    const age = ageIn2025(birth);
    members.push({
      id: `mbr-${String(serial).padStart(6, '0')}-${i}`,
      name: chineseName(rng, sex, i === 1 ? undefined : surname),
      idNumber: madeUpIdNumber(rng, birth, sex, serial * 7 + i),
      sex,
      ageBand: AGE_BAND(age),
      ...(age >= 5 && rng.chance(0.05) ? { disability: true } : {}),
      ...(age >= 60 && rng.chance(0.3) ? { regularMedicine: true } : {}),
    });
  }
  const centralised = rng.chance(0.6);
  const need = () => ({ state: rng.pick(NEED_STATES) });
  const checkIn = new Date(Date.UTC(2025, 6, 1, 6) + rng.int(0, 14 * 24 * 60) * 60_000).toISOString();
  return {
    id: rng.uuid(),
    eventId,
    head,
    householdType: rng.pick(['dibao', 'tekun', 'low-income', 'ordinary', 'ordinary', 'ordinary'] as const),
    membersCount: count,
    members,
    origin: { township: '清河镇', village: rng.pick(VILLAGES), group: rng.pick(GROUPS), gps: { lat: 30 + rng.int(0, 99_999) / 1e5, lng: 120 + rng.int(0, 99_999) / 1e5 } },
    damage: { level: rng.pick(['collapsed', 'severe', 'ordinary', 'none'] as const), rooms: rng.int(0, 5), structure: rng.pick(['brick-concrete', 'brick-wood', 'earth-wood', 'other'] as const) },
    evacuationKind: 'relocation',
    placement: centralised ? 'centralised' : 'dispersed',
    ...(centralised ? { shelterSiteId: `site-${String(rng.int(1, 40)).padStart(4, '0')}` } : { dispersedKind: rng.pick(['relatives', 'renting', 'other'] as const) }),
    checkInAt: checkIn,
    specialNeeds: {
      aged60plus: members.filter((m) => m.ageBand === '60+').length,
      under5: members.filter((m) => m.ageBand === '0-4').length,
      pregnantOrBreastfeeding: 0,
      disability: members.filter((m) => m.disability).length,
      regularMedicine: members.filter((m) => m.regularMedicine).length,
      unaccompaniedChild: 0,
      needsCare: 0,
    },
    needs: { food: need(), clothing: need(), medical: need(), shelter: need() },
    needsEmergencySupport: rng.chance(0.3),
    needsTransitionalSupport: rng.chance(0.2),
    notes: notes(rng, rng.int(2, 5)),
  };
}
