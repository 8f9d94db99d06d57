import { describe, expect, it } from 'vitest';
import { parseSurveyRecord, surveyRecordSchema, takeCompleteParse } from '../../src/shared/schema/survey';
import { ENTITY_DEFINITIONS } from '../../src/shared/schema/registry';
import { zodIssues } from '../src/http/zod-issues';
import { createRng, type Rng } from '../../test/bench/workload/prng';
import { generateSurvey } from '../../test/bench/workload/surveys';

/**
 * Issue 14, SPEC I2: the survey's one reading (survey.ts parseSurveyRecord) gives the record schema's
 * answer on every input: the same accept/reject, the same issues (codes, paths), the same stored value
 * (the same JSON text: keys in the same order), and for a submitted survey the same complete parse kept
 * for the re-assessment. Seeded random surveys: valid ones, and ones a few random edits made incomplete,
 * invalid, drafts, or carrying stray keys, defaults left out, form version 1's unplaced incomes.
 */

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Values an edit may put anywhere: wrong kinds, blanks, padded text, numbers' edges, ID numbers in other spellings. */
function oddValue(rng: Rng, was: unknown): unknown {
  const choices: (() => unknown)[] = [
    () => null,
    () => '',
    () => '   ',
    () => (typeof was === 'string' ? `  ${was}  ` : 'x'),
    () => (typeof was === 'string' ? was.toLowerCase() : 'abc'),
    () => (typeof was === 'string' ? was.slice(0, Math.max(0, was.length - 3)) : 0),
    () => (typeof was === 'string' ? was + 'x'.repeat(rng.int(1, 80)) : 1e12),
    () => -1,
    () => 0,
    () => 12.345,
    () => true,
    () => false,
    () => [],
    () => ({}),
    () => (typeof was === 'number' ? was + 1 : 'submitted'),
    () => 'draft',
    () => 'm1',
    () => '110101199003070019',
    () => '110101900307001',
    () => '11010119900307001x',
  ];
  return rng.pick(choices)();
}

/** Every path to a value inside `v` (objects' keys and arrays' indexes). */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([...at, i]), paths(x, [...at, i], out)));
  else if (isObject(v)) for (const k of Object.keys(v)) (out.push([...at, k]), paths(v[k], [...at, k], out));
  return out;
}

function parentOf(root: Record<string, unknown>, path: (string | number)[]): [Record<string, unknown> | unknown[], string | number] {
  let v: unknown = root;
  for (const p of path.slice(0, -1)) v = (v as Record<string | number, unknown>)[p];
  return [v as Record<string, unknown> | unknown[], path[path.length - 1]!];
}

/** A few random edits of a valid submitted survey. */
function edited(rng: Rng, survey: Record<string, unknown>): Record<string, unknown> {
  const s = clone(survey);
  const edits = rng.int(1, 4);
  for (let e = 0; e < edits; e++) {
    const all = paths(s);
    const kind = rng.int(0, 9);
    if (kind === 0) s.stage = rng.pick(['draft', 'submitted', ' submitted', undefined, 'done']);
    else if (kind === 1) s.incomes = [{ memberId: rng.pick(['m1', 'm9']), kind: 'wage', monthly: 100 }];
    else if (kind === 2 && Array.isArray(s.members)) {
      // A member's income list: left out (the complete schema's default), emptied, or an item without its source.
      const m = rng.pick(s.members) as Record<string, unknown>;
      if (isObject(m)) {
        const r = rng.int(0, 2);
        if (r === 0) delete m.incomes;
        else if (r === 1) m.incomes = [];
        else m.incomes = [{ kind: 'wage', monthly: rng.int(0, 300) * 10 }];
      }
    } else if (kind === 3 && all.length) {
      // A stray key somewhere (dropped by both schemas, named by the server's P10 check elsewhere).
      const [parent] = parentOf(s, rng.pick(all));
      if (isObject(parent)) parent[rng.pick(['secretNote', 'incomes', 'stage', 'extra'])] = 'x';
    } else if (all.length) {
      const path = rng.pick(all);
      const [parent, key] = parentOf(s, path);
      if (kind <= 5) {
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
      } else {
        (parent as Record<string | number, unknown>)[key] = oddValue(rng, (parent as Record<string | number, unknown>)[key]);
      }
    }
  }
  return s;
}

/** The answer as the server takes it: accepted with its value (as JSON text) and the kept complete parse, or the issues. */
function answer(parsed: ReturnType<typeof surveyRecordSchema.safeParse>) {
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error), raw: parsed.error.issues.map((i) => ({ code: i.code, path: i.path, message: i.message })) };
  const complete = takeCompleteParse(parsed.data);
  return {
    ok: true,
    text: JSON.stringify(parsed.data),
    value: parsed.data,
    complete: complete === undefined ? 'none' : complete.success ? JSON.stringify(complete.data) : zodIssues(complete.error),
  };
}

describe('[I2] a submitted survey read once (issue 14): the record schema’s answer on every input', () => {
  it('the registry reads the survey with it', () => {
    expect(ENTITY_DEFINITIONS.survey?.parseRecord).toBe(parseSurveyRecord);
  });

  it('[I2][P11] seeded random valid, incomplete and invalid surveys: same accept/reject, same issues, same stored value, same complete parse', () => {
    const rng = createRng(20261206);
    const tally = { acceptedSubmitted: 0, acceptedDraft: 0, rejected: 0, rejectedByDraftOnly: 0 };
    for (let n = 0; n < 3000; n++) {
      const base = generateSurvey(rng, n) as unknown as Record<string, unknown>;
      const input = n % 10 === 0 ? clone(base) : edited(rng, base);
      const before = JSON.stringify(input);
      const old = answer(surveyRecordSchema.safeParse(clone(input)));
      const now = answer(parseSurveyRecord(input));
      expect(JSON.stringify(input), 'the input is not modified').toBe(before);
      expect(now, `survey ${n}: ${before}`).toEqual(old);
      if (old.ok && 'text' in old) {
        expect(now.ok && 'text' in now && now.text, `survey ${n}: the same JSON text`).toBe(old.text);
        if ((old.value as { stage?: string }).stage === 'submitted') tally.acceptedSubmitted++;
        else tally.acceptedDraft++;
      } else {
        tally.rejected++;
        if ('incomes' in input) tally.rejectedByDraftOnly++;
      }
    }
    // The edits reach every kind of answer, often.
    expect(tally.acceptedSubmitted).toBeGreaterThan(500);
    expect(tally.acceptedDraft).toBeGreaterThan(50);
    expect(tally.rejected).toBeGreaterThan(500);
    expect(tally.rejectedByDraftOnly).toBeGreaterThan(50);
  });
});
