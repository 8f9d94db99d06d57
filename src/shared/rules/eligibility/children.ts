import type { ReasonOf } from './assessment-schema';
import type { Member, Parents } from './household-schema';

type Situation = Parents['father'];

const GONE: readonly Situation[] = ['dead', 'declared-missing'];
/** Parents who cannot care: severe disability, major illness, in prison or detained, out of contact 6+ months. */
const CANNOT_CARE: readonly Situation[] = ['severe-disability', 'major-illness', 'imprisoned', 'lost-contact'];

/** C1 from the two parents' situations alone. */
export function childProgramme(parents: Parents): 'orphan' | 'child-without-care' | null {
  const gone = (s: Situation) => GONE.includes(s);
  const cannot = (s: Situation) => CANNOT_CARE.includes(s);
  const { father, mother } = parents;
  if (gone(father) && gone(mother)) return 'orphan';
  if ((cannot(father) || gone(father)) && (cannot(mother) || gone(mother))) return 'child-without-care';
  return null;
}

/**
 * C1, for a counted member under 18 with parents recorded; otherwise not evaluated (undefined).
 * Only counted members are assessed, like 特困: a child not counted (E1) is outside this household's
 * assessment.
 */
export function assessChild(member: Member): ReasonOf<'C1'> | undefined {
  if (member.age >= 18 || !member.parents) return undefined;
  return {
    rule: 'C1',
    memberId: member.id,
    age: member.age,
    father: member.parents.father,
    mother: member.parents.mother,
    outcome: childProgramme(member.parents),
  };
}
