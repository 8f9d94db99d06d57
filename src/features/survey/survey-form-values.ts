import { surveyDraftSchema, type SurveyDraft } from '../../shared/schema/survey';

/**
 * What the survey form holds. The same shape as the survey record (so schema issue paths are form
 * paths), but looser while typing: empty inputs are '' or undefined, an amount being typed may be
 * text. `fieldsOf` turns it into record fields.
 */
// The form is a deep, partly-typed tree; its parts are read with the schema's own types where needed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SurveyFormValues = Record<string, any> & { id: string; caseId: string };

/** Objects the complete survey must have: kept even when empty, so a missing value is reported on its own field. */
const KEEP_EMPTY = new Set(['registeredResidence', 'usualResidence', 'authorisation', 'pledge', 'homeVisit', 'assets', 'annualSpending']);
/** Form-only keys, never saved. */
const FORM_ONLY = new Set(['stage', 'assessment']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Plain record fields: '' / null / NaN become absent; an optional sub-object left empty (no disability
 * chosen, no self-care recorded) is dropped; array rows are kept in place, even empty, so that
 * `members.2.incomes.0.kind` still names the row the worker sees.
 */
function clean(value: unknown, path: string[]): unknown {
  if (value === '' || value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (Array.isArray(value)) return value.map((v, i) => clean(v, [...path, String(i)]) ?? {});
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (path.length === 0 && FORM_ONLY.has(k)) continue;
      const c = clean(v, [...path, k]);
      if (c !== undefined) out[k] = c;
    }
    const keep = path.length === 0 || (path.length === 1 && KEEP_EMPTY.has(path[0]!));
    // A row of an array (path ends in an index) stays even when empty: see above.
    if (Object.keys(out).length === 0 && !keep && !/^\d+$/.test(path[path.length - 1] ?? '')) return undefined;
    return out;
  }
  return value;
}

/** The record fields of the form's values (for completing: the complete schema reports what is missing). */
export function fieldsOf(values: SurveyFormValues): Record<string, unknown> {
  return (clean(values, []) as Record<string, unknown>) ?? {};
}

function deletePath(target: Record<string, unknown>, path: PropertyKey[]): boolean {
  if (path.length === 0) return false;
  let node: unknown = target;
  for (const p of path.slice(0, -1)) {
    if (!node || typeof node !== 'object') return false;
    node = (node as Record<PropertyKey, unknown>)[p as string];
  }
  if (!node || typeof node !== 'object') return false;
  const last = path[path.length - 1] as string;
  if (Array.isArray(node)) {
    // A bad row value inside an array: empty the row rather than shift the rows after it.
    if (/^\d+$/.test(String(last))) node[Number(last)] = {};
    return true;
  }
  if (!(last in node)) return false;
  delete (node as Record<string, unknown>)[last];
  return true;
}

/**
 * What autosave stores: the form's fields minus anything a draft cannot hold (a half-typed amount
 * "12.345", letters in an amount field). The form keeps those, and completing reports them; the draft
 * on disk is always valid, so a save is never refused over one field (nothing else is lost with it).
 */
export function draftFieldsOf(values: SurveyFormValues): Record<string, unknown> {
  const fields = fieldsOf(values);
  for (let round = 0; round < 5; round++) {
    const parsed = surveyDraftSchema.safeParse(fields);
    if (parsed.success) return fields;
    let removed = false;
    for (const issue of parsed.error.issues) {
      // Never drop the identity of the record or of a row: those are always generated valid.
      const last = issue.path[issue.path.length - 1];
      if (issue.path.length <= 1 && (last === 'id' || last === 'caseId')) continue;
      if (last === 'id') continue;
      removed = deletePath(fields, issue.path) || removed;
    }
    if (!removed) break;
  }
  return fields;
}

export interface NewSurveyIds {
  id: string;
  caseId: string;
}

/** A new survey: today's visit with two investigator rows to fill, nothing else chosen for the worker. */
export function newSurveyValues(ids: NewSurveyIds, today: string): SurveyFormValues {
  return valuesFromDraft({ id: ids.id, caseId: ids.caseId, stage: 'draft', attachments: [], homeVisit: { date: today, investigators: [{}, {}] } } as SurveyDraft);
}

/** Form values from a stored survey: every object the steps bind to exists, rows keep their ids. */
export function valuesFromDraft(draft: SurveyDraft): SurveyFormValues {
  const d = structuredClone(draft) as Record<string, unknown> & { id: string; caseId: string };
  const obj = (k: string) => (isPlainObject(d[k]) ? (d[k] as Record<string, unknown>) : {});
  const homeVisit = obj('homeVisit');
  const investigators = Array.isArray(homeVisit.investigators) ? homeVisit.investigators : [];
  while (investigators.length < 2) investigators.push({});
  const members = Array.isArray(d.members) ? (d.members as Record<string, unknown>[]) : [];
  return {
    ...d,
    registeredResidence: obj('registeredResidence'),
    usualResidence: obj('usualResidence'),
    authorisation: obj('authorisation'),
    pledge: obj('pledge'),
    homeVisit: { ...homeVisit, investigators },
    members: members.map((m) => ({ ...m, incomes: Array.isArray(m.incomes) ? m.incomes : [] })),
    supporters: Array.isArray(d.supporters) ? d.supporters : undefined,
    assets: { houses: [], vehicles: [], businessAssets: [], ...obj('assets') },
    annualSpending: obj('annualSpending'),
    attachments: Array.isArray(d.attachments) ? d.attachments : [],
  };
}

/** An amount typed in an `inputmode="decimal"` box: a number when it reads as one, else the text (reported on completing). */
export function amountValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim().replace(/,/g, '').replace(/，/g, '').replace(/。/g, '.');
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : v;
}

/** A select or radio left empty is no value. */
export function choiceValue(v: unknown): unknown {
  return v === '' || v === null ? undefined : v;
}

/** A select whose options are numbers (grade, review interval). */
export function numberChoice(v: unknown): unknown {
  return v === '' || v === null || v === undefined ? undefined : Number(v);
}
