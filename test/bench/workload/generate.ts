import { HOUSEHOLD_FORM_VERSION } from '../../../src/shared/schema/displaced-household';
import { RELIEF_FORM_VERSION, type ReliefDistribution } from '../../../src/shared/schema/relief';
import { SURVEY_FORM_VERSION } from '../../../src/shared/schema/survey';
import { generateHousehold } from './households';
import { createRng } from './prng';
import { generateHandout } from './relief';
import { generateSurvey } from './surveys';

const DEFAULT_SEED = 20250701;
const BENCH_EVENT_ID = 'event-flood-20250701';

export interface WorkloadRecord {
  entity: 'household' | 'survey' | 'relief';
  formVersion: number;
  /** The record's fields as the app stores them (the shared schema's parse output, as JSON). */
  fields: Record<string, unknown> & { id: string };
}

export interface WorkloadOptions {
  seed?: number;
  /** Fraction of surveys (default 0.3; the rest are displaced households). */
  surveyShare?: number;
}

/**
 * N records, deterministic for a seed: displaced households and household surveys of one township.
 * Record i is the same whatever N is, so a smaller run is a prefix of a larger one.
 */
export function generateWorkload(n: number, options: WorkloadOptions = {}): WorkloadRecord[] {
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const share = options.surveyShare ?? 0.3;
  const out: WorkloadRecord[] = [];
  for (let i = 0; i < n; i++) {
    // Deterministic interleaving: 3 surveys in every 10 records at the default share.
    const survey = Math.floor((i + 1) * share) > Math.floor(i * share);
    out.push(
      survey
        ? { entity: 'survey', formVersion: SURVEY_FORM_VERSION, fields: generateSurvey(rng, i) as WorkloadRecord['fields'] }
        : { entity: 'household', formVersion: HOUSEHOLD_FORM_VERSION, fields: generateHousehold(rng, i, BENCH_EVENT_ID) as WorkloadRecord['fields'] },
    );
  }
  return out;
}

/**
 * The workload of the weeks after a flood (issue 14: the flag path measured): in every 10 records, 4
 * displaced households, 2 surveys and 4 relief hand-outs. A hand-out goes to one of the last 50
 * households (mostly of the same push batch, some of the one before); about 1 in 50 repeats an
 * earlier hand-out's household, item and round, so double hand-outs are found and flagged as in the
 * field. Deterministic for a seed, and a smaller run is a prefix of a larger one.
 */
export function generateReliefWorkload(n: number, options: { seed?: number } = {}): WorkloadRecord[] {
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const out: WorkloadRecord[] = [];
  const households: string[] = [];
  const handouts: { householdId: string; item: ReliefDistribution['item'] }[] = [];
  for (let i = 0; i < n; i++) {
    const slot = i % 10;
    if (slot < 4 || households.length === 0) {
      const fields = generateHousehold(rng, i, BENCH_EVENT_ID) as WorkloadRecord['fields'];
      households.push(fields.id);
      out.push({ entity: 'household', formVersion: HOUSEHOLD_FORM_VERSION, fields });
    } else if (slot < 6) {
      out.push({ entity: 'survey', formVersion: SURVEY_FORM_VERSION, fields: generateSurvey(rng, i) as WorkloadRecord['fields'] });
    } else {
      const again = handouts.length > 0 && rng.chance(0.02) ? handouts[handouts.length - 1 - rng.int(0, Math.min(20, handouts.length - 1))]! : null;
      const householdId = again?.householdId ?? households[households.length - 1 - rng.int(0, Math.min(49, households.length - 1))]!;
      const h = generateHandout(rng, BENCH_EVENT_ID, householdId, 1, again?.item);
      handouts.push({ householdId, item: h.item });
      out.push({ entity: 'relief', formVersion: RELIEF_FORM_VERSION, fields: h as unknown as WorkloadRecord['fields'] });
    }
  }
  return out;
}

/** The head of household of a household record (names and ID numbers for the search benchmarks). */
export function householdHead(r: WorkloadRecord): { name: string; idNumber: string } {
  const head = (r.fields as { head?: { name: string; idNumber: string } }).head;
  if (r.entity !== 'household' || !head) throw new Error(`record ${r.fields.id} is not a household`);
  return head;
}
