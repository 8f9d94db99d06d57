import { HOUSEHOLD_FORM_VERSION } from '../../../src/shared/schema/displaced-household';
import { SURVEY_FORM_VERSION } from '../../../src/shared/schema/survey';
import { generateHousehold } from './households';
import { createRng } from './prng';
import { generateSurvey } from './surveys';

const DEFAULT_SEED = 20250701;
const BENCH_EVENT_ID = 'event-flood-20250701';

export interface WorkloadRecord {
  entity: 'household' | 'survey';
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

/** The head of household of a household record (names and ID numbers for the search benchmarks). */
export function householdHead(r: WorkloadRecord): { name: string; idNumber: string } {
  const head = (r.fields as { head?: { name: string; idNumber: string } }).head;
  if (r.entity !== 'household' || !head) throw new Error(`record ${r.fields.id} is not a household`);
  return head;
}
