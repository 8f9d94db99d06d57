import type { Role } from '../../../src/shared/protocol/messages';

export interface AreaIssue {
  path: 'township' | 'county';
  message: 'required';
}

/**
 * Whether an account's area fits its role: a worker needs a township (it scopes everything the worker
 * reads and writes, privacy.md §1), a supervisor a county. Only the shape is checked here (a non-empty
 * value); the division registry (issue 10, helper `areas`) replaces this with a check of the codes.
 */
export function accountAreaIssues(role: Role, township: string | null | undefined, county: string | null | undefined): AreaIssue[] {
  const issues: AreaIssue[] = [];
  if (role === 'worker' && !township?.trim()) issues.push({ path: 'township', message: 'required' });
  if (role === 'supervisor' && !county?.trim()) issues.push({ path: 'county', message: 'required' });
  return issues;
}
