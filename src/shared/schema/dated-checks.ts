import { validateIdNumber } from '../rules/id-number';

/**
 * The checks of a record that depend on today's date. Zod schemas have no clock (reading the time inside a
 * refinement would read the machine's clock and ignore the server's injected one), so these run beside
 * the schema, by a caller that has a clock: the server with its `ctx.clock`, the tablet with its `now`.
 */
export interface DatedIssue {
  path: (string | number)[];
  message: 'id.futureBirthDate';
}

type Fields = Record<string, unknown>;

/** A birth date after `today` in the ID number at `holder[key]` (with the holder's `idOldFormat` flag). */
function futureBirthDate(holder: unknown, path: (string | number)[], today: string): DatedIssue[] {
  if (!holder || typeof holder !== 'object') return [];
  const h = holder as Fields;
  if (typeof h.idNumber !== 'string' || h.idNumber.trim() === '') return [];
  const r = validateIdNumber(h.idNumber, { today, oldFormat: h.idOldFormat === true });
  return !r.ok && r.error === 'id.futureBirthDate' ? [{ path: [...path, 'idNumber'], message: r.error }] : [];
}

/** Every element of `fields[key]` that is a list, with its path. */
function rows(fields: Fields, key: string): [unknown, (string | number)[]][] {
  const list = fields[key];
  return Array.isArray(list) ? list.map((row, i): [unknown, (string | number)[]] => [row, [key, i]]) : [];
}

/** A displaced household: the head's and each member's ID number. */
export function householdDatedIssues(fields: Fields, today: string): DatedIssue[] {
  return [futureBirthDate(fields.head, ['head'], today), ...rows(fields, 'members').map(([row, path]) => futureBirthDate(row, path, today))].flat();
}

/** A survey, once submitted (a draft may hold any half-typed number): members' and supporters' ID numbers. */
export function surveyDatedIssues(fields: Fields, today: string): DatedIssue[] {
  if (fields.stage !== 'submitted') return [];
  return [...rows(fields, 'members'), ...rows(fields, 'supporters')].flatMap(([row, path]) => futureBirthDate(row, path, today));
}
