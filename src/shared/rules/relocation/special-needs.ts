import { ageOn } from '../id-number';
import type { DisplacedHousehold } from '../../schema/displaced-household';
import { plainIdKey } from './person-key';
import { chinaDate } from '../china-time';
import { instant } from './time';

export type SpecialNeeds = NonNullable<DisplacedHousehold['specialNeeds']>;

type Member = NonNullable<DisplacedHousehold['members']>[number];

/** What the counts are taken from: the saved record, or the form's values before saving. */
export type SpecialNeedsSource = Pick<DisplacedHousehold, 'head' | 'checkInAt'> & {
  members?: readonly Partial<Member>[] | undefined;
  /** Counts by sex and age band; bands left empty on the form are missing. */
  memberCounts?: { male?: Partial<Record<string, unknown>> | undefined; female?: Partial<Record<string, unknown>> | undefined } | undefined;
  specialNeeds?: Partial<Record<keyof SpecialNeeds, unknown>> | undefined;
};

const SPECIAL_NEEDS_KEYS = ['aged60plus', 'under5', 'pregnantOrBreastfeeding', 'disability', 'regularMedicine', 'unaccompaniedChild', 'needsCare'] as const;

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);

/** Birth date (YYYY-MM-DD) written in an ID number, 18 digits or the old 15; null when unreadable. */
function birthDateOf(idNumber: string): string | null {
  const v = idNumber.trim();
  const ymd = v.length === 18 ? v.slice(6, 14) : v.length === 15 ? `19${v.slice(6, 12)}` : '';
  return /^\d{8}$/.test(ymd) ? `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}` : null;
}

/** The head's age at check-in, from the birth date in the ID number (the head has no age band of their own). */
function headAge(h: SpecialNeedsSource): number | null {
  const birth = birthDateOf(h.head.idNumber ?? '');
  if (!birth) return null;
  let day: string;
  try {
    day = chinaDate(instant(h.checkInAt));
  } catch {
    return null;
  }
  return ageOn(birth, day);
}

/**
 * The household's special-needs counts (特殊需要), the head included (issue 13, item 4: "张建国, 61:
 * 60 岁及以上老人 0" was wrong). The head belongs in the member list (the form says so); when a worker
 * left the head out, or the household was counted by sex and age band without the head's band known,
 * the head is still one of the household's people:
 * - members one by one: the members' bands and marks, plus the head when no member carries the head's
 *   ID number, aged from the birth date in the number at check-in (only the age counts can be known);
 * - counted by sex and age band: 60+ and under-5 from the bands (which include the head, as the form
 *   asks), never fewer 60+ than the head alone; the other needs as typed;
 * - neither: the typed counts, never fewer 60+ than the head alone.
 */
export function specialNeedsOfHousehold(h: SpecialNeedsSource): SpecialNeeds {
  const age = headAge(h);
  const headOld = age !== null && age >= 60 ? 1 : 0;
  const members = (h.members ?? []).filter((m) => m && (m.name || m.ageBand));
  if (members.length > 0) {
    const n = (p: (m: Partial<Member>) => boolean) => members.filter(p).length;
    const headKey = plainIdKey(h.head.idNumber ?? '');
    const headListed = headKey !== '' && members.some((m) => m.idNumber && plainIdKey(m.idNumber) === headKey);
    const head = headListed || age === null ? { old: 0, young: 0 } : { old: headOld, young: age < 5 ? 1 : 0 };
    return {
      aged60plus: n((m) => m.ageBand === '60+') + head.old,
      under5: n((m) => m.ageBand === '0-4') + head.young,
      pregnantOrBreastfeeding: n((m) => !!m.pregnantOrBreastfeeding),
      disability: n((m) => !!m.disability),
      regularMedicine: n((m) => !!m.regularMedicine),
      unaccompaniedChild: n((m) => !!m.unaccompaniedChild),
      needsCare: n((m) => !!m.needsCare),
    };
  }
  const typed = Object.fromEntries(SPECIAL_NEEDS_KEYS.map((k) => [k, count(h.specialNeeds?.[k])])) as SpecialNeeds;
  const bands = h.memberCounts;
  const band = (b: '60+' | '0-4') => count(bands?.male?.[b]) + count(bands?.female?.[b]);
  const anyBand = !!bands && [bands.male, bands.female].some((s) => s && Object.values(s).some((v) => count(v) > 0));
  if (anyBand) return { ...typed, aged60plus: Math.max(band('60+'), headOld), under5: band('0-4') };
  return { ...typed, aged60plus: Math.max(typed.aged60plus, headOld) };
}
