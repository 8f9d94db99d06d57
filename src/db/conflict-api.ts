import { isFieldEntity, type FieldEntity } from '../shared/protocol/entities';
import { AppError, type ConflictListItem, type UnlockedSession } from './contracts';
import { deepEqual } from '../shared/rules/deep-equal';
import { maskIdNumber } from '../shared/rules/id-number';
import type { SessionUser } from '../shared/protocol/messages';
import { conflictValues, sealConflictFields } from './conflict-seal';
import type { UserDb } from './user-db';

type Fields = Record<string, unknown>;

/** What the conflict API needs of the session: its records' read and save paths (one save path, SPEC C6). */
export interface ConflictSessionPart {
  user: SessionUser;
  clientId: string;
  db: UserDb;
  households: UnlockedSession['households'];
  surveys: UnlockedSession['surveys'];
  relief: UnlockedSession['relief'];
}

function headNameOf(entity: string, f: Fields | null): string {
  if (!f) return '';
  if (entity === 'household') return String((f.head as { name?: unknown } | undefined)?.name ?? '');
  if (entity === 'survey') {
    const members = Array.isArray(f.members) ? (f.members as { id?: string; name?: string }[]) : [];
    return (members.find((m) => m.id === f.applicantMemberId) ?? members[0])?.name ?? '';
  }
  return '';
}

/** Any ID number inside a value, masked for showing in the list (privacy.md §3). */
export function maskIdNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskIdNumbers);
  if (value && typeof value === 'object') {
    const out: Fields = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'idNumber' && typeof v === 'string' ? maskIdNumber(v) : maskIdNumbers(v);
    return out;
  }
  return value;
}

/**
 * Open field conflicts on this tablet (SPEC C4) and their resolution (C6): the chosen value is written
 * into the record through the record's own save path, as a new change based on the current version;
 * the server then marks the conflict resolved and the tablet pulls that back.
 */
export type AffirmField = (entity: FieldEntity, fields: Fields, field: string) => Promise<void>;

export function createConflictApi(s: ConflictSessionPart, dataKey: () => CryptoKey, affirm?: AffirmField): NonNullable<UnlockedSession['conflicts']> {
  async function getRecord(entity: string, id: string): Promise<Fields | null> {
    if (entity === 'household') return (await s.households.get(id)) as unknown as Fields | null;
    if (entity === 'survey') return (await s.surveys.get(id)) as unknown as Fields | null;
    if (entity === 'relief') return (await s.relief.get(id)) as unknown as Fields | null;
    return null;
  }

  async function saveRecord(entity: string, fields: Fields): Promise<void> {
    if (entity === 'household') await s.households.save(fields);
    else if (entity === 'survey') await (fields.stage === 'submitted' ? s.surveys.complete(fields) : s.surveys.saveDraft(fields));
    else if (entity === 'relief') await s.relief.save(fields, { confirmRepeat: true });
    else throw new AppError('VALIDATION_FAILED', `Cannot save a ${entity} here.`);
  }

  /** Rows pulled before conflicts were sealed on the tablet are sealed now (nothing stays in clear). */
  async function sealLegacy(rows: { id: string; fields: Fields }[]): Promise<void> {
    const key = dataKey();
    for (const r of rows) {
      if (!('values' in r.fields)) continue;
      const fields = (await sealConflictFields(key, r.id, r.fields)) as unknown as Fields;
      await s.db.reference.update(['conflict', r.id], { fields });
    }
  }

  const isOpenHere = (r: { township: string | null; fields: Fields }) => r.fields.status === 'open' && (!s.user.township || r.township === s.user.township);

  return {
    async openCount() {
      return (await s.db.reference.where('entity').equals('conflict').toArray()).filter(isOpenHere).length;
    },

    async list() {
      const key = dataKey();
      const rows = await s.db.reference.where('entity').equals('conflict').toArray();
      await sealLegacy(rows);
      const mine = rows.filter(isOpenHere);
      const items = await Promise.all(
        mine.map(async (r): Promise<ConflictListItem | null> => {
          const f = r.fields;
          let values;
          try {
            values = await conflictValues(key, r.id, f);
          } catch {
            return null; // not ours to read
          }
          const entity = String(f.entity);
          const recordId = String(f.recordId);
          const record = await getRecord(entity, recordId).catch(() => null);
          return {
            id: r.id,
            entity,
            recordId,
            field: String(f.field),
            headName: headNameOf(entity, record),
            onTablet: record !== null,
            values: values.map((v) => ({
              value: v.value,
              shown: maskIdNumbers(v.value),
              at: v.stamp?.at ?? '',
              device: v.stamp?.device ?? '',
              thisTablet: v.stamp?.device === s.clientId,
              current: record !== null && deepEqual(record[String(f.field)] ?? null, v.value ?? null),
            })),
            updatedAt: r.updatedAt,
          };
        }),
      );
      return items.filter((i): i is ConflictListItem => i !== null).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
    },

    async resolve(conflictId, chosenValue) {
      const row = await s.db.reference.get(['conflict', conflictId]);
      if (!row || row.fields.status !== 'open') throw new AppError('NOT_FOUND', 'No open conflict with this id.');
      const values = await conflictValues(dataKey(), conflictId, row.fields);
      if (!values.some((v) => deepEqual(v.value, chosenValue))) throw new AppError('VALIDATION_FAILED', 'The chosen value is not one of the conflicting values.');
      const entity = String(row.fields.entity);
      const field = String(row.fields.field);
      const record = await getRecord(entity, String(row.fields.recordId));
      if (!record) throw new AppError('NOT_FOUND', 'The record is not on this tablet.');
      // The value the record already holds: no change of value (C5), but the field is sent anyway so the
      // server closes the conflict (C6).
      if (deepEqual(record[field] ?? null, chosenValue ?? null)) {
        if (!affirm || !isFieldEntity(entity)) return { saved: false };
        await affirm(entity, record, field);
        return { saved: true };
      }
      const next: Fields = { ...record };
      if (chosenValue === null || chosenValue === undefined) delete next[field];
      else next[field] = structuredClone(chosenValue);
      await saveRecord(entity, next);
      return { saved: true };
    },
  };
}
