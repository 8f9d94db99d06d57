import type { UnlockedSession } from '../../db/contracts';
import type { AdminRecord, AdminRecordsPage } from '../../shared/protocol/admin/records';

/** The kinds of reference data this page edits, in the order of its tabs. */
export const REFERENCE_KINDS = ['event', 'site', 'entitlement', 'policy'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** POST to create, PUT `${path}/:id` to update (sync-server/src/routes/admin-reference.ts). */
const PATHS: Record<ReferenceKind, string> = {
  event: '/api/admin/events',
  site: '/api/admin/sites',
  entitlement: '/api/admin/entitlements',
  policy: '/api/admin/policies',
};

/** A stored record as GET /api/admin/records lists it (the shared wire type). */
export type AdminReferenceRecord<T = Record<string, unknown>> = AdminRecord<T>;

type Request = NonNullable<UnlockedSession['request']>;
type Page = AdminRecordsPage;

/** The reference-data routes over the session's authenticated request (errors carry the server's code). */
export function referenceApi(request: Request) {
  return {
    /** Every record of a kind: the listing is paged by server sequence, so follow the cursor. */
    async list(kind: ReferenceKind): Promise<AdminReferenceRecord[]> {
      const all: AdminReferenceRecord[] = [];
      let after = 0;
      for (;;) {
        const page = await request<Page>('GET', `/api/admin/records?entity=${kind}&limit=1000&after=${after}`);
        all.push(...page.records.filter((r) => !r.deleted));
        if (!page.hasMore || page.cursor <= after) return all;
        after = page.cursor;
      }
    },
    async save(kind: ReferenceKind, mode: 'create' | 'update', fields: { id: string }): Promise<AdminReferenceRecord> {
      const path = mode === 'create' ? PATHS[kind] : `${PATHS[kind]}/${encodeURIComponent(fields.id)}`;
      return (await request<{ record: AdminReferenceRecord }>(mode === 'create' ? 'POST' : 'PUT', path, fields)).record;
    },
  };
}

export type ReferenceApi = ReturnType<typeof referenceApi>;
