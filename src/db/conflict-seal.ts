import { open, seal, type Sealed } from '../security/seal';

/** What a pulled conflict record keeps in clear on the tablet: which field of which record, and its state. */
export interface SealedConflictFields {
  entity: string;
  recordId: string;
  field: string;
  status: 'open' | 'resolved';
  resolvedAt?: string;
  resolvedVersion?: number;
  /** The competing values with their stamps (they may hold names and ID numbers). AAD: the conflict id. */
  sealedValues: Sealed;
}

export interface ConflictValue {
  value: unknown;
  stamp: { at: string; device: string };
}

/** Seals the values of one conflict record's fields; the rest stays in clear for indexing and listing. */
export async function sealConflictFields(key: CryptoKey, id: string, fields: Record<string, unknown>): Promise<SealedConflictFields> {
  const out: SealedConflictFields = {
    entity: String(fields.entity ?? ''),
    recordId: String(fields.recordId ?? ''),
    field: String(fields.field ?? ''),
    status: fields.status === 'resolved' ? 'resolved' : 'open',
    sealedValues: await seal(key, id, Array.isArray(fields.values) ? fields.values : []),
  };
  if (typeof fields.resolvedAt === 'string') out.resolvedAt = fields.resolvedAt;
  if (typeof fields.resolvedVersion === 'number') out.resolvedVersion = fields.resolvedVersion;
  return out;
}

/** The values of a stored conflict row: sealed ones are opened; a row stored in clear by an older app is read as is. */
export async function conflictValues(key: CryptoKey, id: string, fields: Record<string, unknown>): Promise<ConflictValue[]> {
  if (fields.sealedValues) return open<ConflictValue[]>(key, id, fields.sealedValues as Sealed);
  return Array.isArray(fields.values) ? (fields.values as ConflictValue[]) : [];
}
