import type { PullResponse } from '../shared/protocol/messages';
import { open, seal, type Sealed } from '../security/seal';
import type { SyncApi } from '../sync/api-client';

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

/**
 * The sync engine's API with pulled `conflict` records sealed before they reach the pull transaction:
 * pull.ts stores reference kinds in clear, and a conflict's values are field values (names, ID numbers).
 * Sealing happens here, outside the IndexedDB transaction (WebCrypto inside it would let it commit).
 */
export function sealConflictPulls(api: SyncApi, dataKey: CryptoKey): SyncApi {
  return {
    ...api,
    async pull(token, since, limit): Promise<PullResponse> {
      const page = await api.pull(token, since, limit);
      if (!page.records.some((r) => r.entity === 'conflict' && !r.deleted)) return page;
      const records = await Promise.all(
        page.records.map(async (r) =>
          r.entity === 'conflict' && !r.deleted ? { ...r, fields: (await sealConflictFields(dataKey, r.id, r.fields)) as unknown as Record<string, unknown> } : r,
        ),
      );
      return { ...page, records };
    },
  };
}
