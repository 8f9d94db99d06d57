import type { Change } from '../../src/shared/protocol/messages';
import type { CaseStepKind, StepPayloads } from '../../src/shared/schema/case-step';
import type { TestSession } from '../../test/helpers/server-harness';
import { change, newId } from './fixtures';

/** A new dibao case of the session's township (accepted on a Monday in 2026). */
export function caseFields(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, programme: 'dibao', householdId: newId('hh'), acceptedOn: '2026-06-01', closeRelative: false, ...overrides };
}

export const createCase = (seq: number, id: string, overrides: Record<string, unknown> = {}): Change =>
  change(seq, id, caseFields(id, overrides), { entity: 'case' });

/** The fields of a step recorded by `by` in the role it holds. */
export function stepFields<K extends CaseStepKind>(
  by: TestSession,
  caseId: string,
  kind: K,
  payload: StepPayloads[K],
  o: { id?: string; when?: string } = {},
): Record<string, unknown> {
  const role = by.user.role === 'supervisor' ? 'supervisor' : 'worker';
  return {
    id: o.id ?? newId('st'), caseId, kind, who: { userId: by.user.id, name: by.user.displayName || '干事', role },
    when: o.when ?? '2026-06-10T09:00:00+08:00', payload,
  };
}

export const pushStep = (seq: number, fields: Record<string, unknown>): Change => change(seq, fields.id as string, fields, { entity: 'caseStep' });

export const OBJECTION = { who: '村民李某', when: '2026-06-13', what: '申请人家中有营运车辆' };
export const NOTICE = { start: '2026-06-12', end: '2026-06-18', objections: [] };
