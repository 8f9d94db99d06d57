/** The steps of the survey form, in order (the progress reads "第 2 步，共 9 步"). */
export const STEPS = ['case', 'visit', 'members', 'incomes', 'assets', 'spending', 'supporters', 'photos', 'review'] as const;
export type StepName = (typeof STEPS)[number];

const CASE_KEYS = new Set([
  'applicationType', 'visitKind', 'reviewIntervalMonths', 'residence', 'registeredResidence', 'usualResidence',
  'applicantMemberId', 'proxy', 'authorisation', 'pledge', 'closeRelativeOfStaff', 'closeRelativeNote', 'emergency',
]);

/** The step on which the field at a schema path is entered (for the review step's list of problems). */
export function stepOfPath(path: string): StepName {
  const parts = path.split('.');
  const top = parts[0] ?? '';
  if (CASE_KEYS.has(top)) return 'case';
  if (top === 'homeVisit' || top === 'livingConditions') return 'visit';
  if (top === 'members') return parts[2] === 'incomes' ? 'incomes' : 'members';
  if (top === 'assets') return 'assets';
  if (top === 'annualSpending') return 'spending';
  if (top === 'supporters') return 'supporters';
  if (top === 'attachments') return 'photos';
  return 'review';
}

/** Every error of a react-hook-form error tree, with its dotted path. */
export function flattenErrors(errors: unknown, prefix = ''): { path: string; message?: string; type?: string }[] {
  if (!errors || typeof errors !== 'object') return [];
  const out: { path: string; message?: string; type?: string }[] = [];
  const e = errors as Record<string, unknown>;
  if (typeof e.type === 'string' || typeof e.message === 'string') {
    out.push({ path: prefix, message: e.message as string | undefined, type: e.type as string | undefined });
  }
  for (const [k, v] of Object.entries(e)) {
    if (k === 'ref' || k === 'type' || k === 'message' || k === 'types') continue;
    if (k === 'root') {
      out.push(...flattenErrors(v, prefix));
      continue;
    }
    out.push(...flattenErrors(v, prefix ? `${prefix}.${k}` : k));
  }
  return out;
}
