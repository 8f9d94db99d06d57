import type { PullResponse } from '../shared/protocol/messages';
import { sealConflictFields } from '../db/conflict-seal';
import type { SyncApi } from './api-client';

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
