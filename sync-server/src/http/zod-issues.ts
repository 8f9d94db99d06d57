import type { ZodError } from 'zod';

/** Zod issues as the wire carries them (ChangeResult.issues): a dotted path and the rule's message code. */
export function zodIssues(err: ZodError): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
