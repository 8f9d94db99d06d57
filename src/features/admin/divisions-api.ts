import type { UnlockedSession } from '../../db/contracts';
import type { Division } from '../../shared/schema/division';

/** A row the release-1 upgrade could not give an area (sync-server/src/store/division-store.ts AreaQueueItem). */
export interface AreaQueueItem {
  id: number;
  kind: 'record' | 'event-township' | 'attachment' | 'audit';
  entity: string | null;
  recordId: string | null;
  sha256: string | null;
  auditId: number | null;
  writtenTownship: string;
  candidates: string[];
}

type Request = NonNullable<UnlockedSession['request']>;

/** The division registry routes (sync-server/src/routes/divisions.ts). */
export function divisionsApi(request: Request) {
  const enc = encodeURIComponent;
  return {
    list: async () => (await request<{ divisions: Division[] }>('GET', '/api/divisions')).divisions,
    add: (code: string, name: string) => request<{ division: Division }>('POST', '/api/admin/divisions', { code, name }),
    rename: (code: string, name: string) => request<{ division: Division }>('PUT', `/api/admin/divisions/${enc(code)}`, { name }),
    retire: (code: string, successorCode: string) => request<{ division: Division }>('POST', `/api/admin/divisions/${enc(code)}/retire`, { successorCode }),
    official: (code: string, official: string) => request<{ official: Division; retired: Division }>('POST', `/api/admin/divisions/${enc(code)}/official`, { code: official }),
    importCsv: (csv: string) => request<{ added: number; skipped: number }>('POST', '/api/admin/divisions/import', { csv }),
    queue: async () => (await request<{ items: AreaQueueItem[] }>('GET', '/api/admin/area-queue')).items,
    resolve: (id: number, code: string) => request<{ item: AreaQueueItem }>('POST', `/api/admin/area-queue/${id}/resolve`, { code }),
  };
}
export type DivisionsApi = ReturnType<typeof divisionsApi>;
