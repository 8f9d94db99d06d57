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

/**
 * A birth date after `today` in the ID number of `holder` (with its `idOldFormat` flag), found at
 * `key` or `key[index]` of the record, added to `out`. Loops appending to one list rather than a list per holder joined up (issue 14: the
 * server runs these for every household and survey pushed); the issues and their order are the same.
 */
function futureBirthDate(holder: unknown, key: string, index: number | null, today: string, out: DatedIssue[]): void {
  if (!holder || typeof holder !== 'object') return;
  const h = holder as Fields;
  if (typeof h.idNumber !== 'string' || h.idNumber.trim() === '') return;
  const r = validateIdNumber(h.idNumber, { today, oldFormat: h.idOldFormat === true });
  if (!r.ok && r.error === 'id.futureBirthDate') out.push({ path: index === null ? [key, 'idNumber'] : [key, index, 'idNumber'], message: r.error });
}

/** futureBirthDate for every element of `fields[key]` that is a list, at path [key, i]. */
function rowsFutureBirthDate(fields: Fields, key: string, today: string, out: DatedIssue[]): void {
  const list = fields[key];
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) futureBirthDate(list[i], key, i, today, out);
}

/** A displaced household: the head's and each member's ID number. */
export function householdDatedIssues(fields: Fields, today: string): DatedIssue[] {
  const out: DatedIssue[] = [];
  futureBirthDate(fields.head, 'head', null, today, out);
  rowsFutureBirthDate(fields, 'members', today, out);
  return out;
}

/** A survey, once submitted (a draft may hold any half-typed number): members' and supporters' ID numbers. */
export function surveyDatedIssues(fields: Fields, today: string): DatedIssue[] {
  if (fields.stage !== 'submitted') return [];
  const out: DatedIssue[] = [];
  rowsFutureBirthDate(fields, 'members', today, out);
  rowsFutureBirthDate(fields, 'supporters', today, out);
  return out;
}
