import type { UnlockedSession } from '../../db/contracts';
import type { SessionUser } from '../../shared/protocol/messages';

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

/** A stored record as GET /api/admin/records lists it (adminRecordView). */
export interface AdminReferenceRecord<T = Record<string, unknown>> {
  entity: string;
  id: string;
  township: string | null;
  version: number;
  fields: T;
  updatedAt: string;
  deleted?: boolean;
}

type Request = NonNullable<UnlockedSession['request']>;
type Page = { records: AdminReferenceRecord[]; cursor: number; hasMore: boolean };

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
    /**
     * The townships of the administrator's county, from the accounts (there is no township register):
     * every township an account of that county works in, or of every account when the administrator
     * has no county.
     */
    async countyTownships(me: Pick<SessionUser, 'county' | 'township'>): Promise<string[]> {
      const { users } = await request<{ users: Pick<SessionUser, 'county' | 'township'>[] }>('GET', '/api/admin/users');
      const mine = users.filter((u) => !me.county || u.county === me.county).map((u) => u.township);
      return [...new Set([me.township, ...mine].filter((t): t is string => !!t))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
    },
  };
}

export type ReferenceApi = ReturnType<typeof referenceApi>;
