import type { UnlockedSession } from '../../db/contracts';
import type {
  AreaQueueItemResponse, AreaQueueResponse, DivisionResponse, DivisionsResponse, ImportResult, OfficialCodeResponse,
} from '../../shared/protocol/admin/divisions';

export type { AreaQueueItem } from '../../shared/protocol/admin/divisions';

type Request = NonNullable<UnlockedSession['request']>;

/** The division registry routes (sync-server/src/routes/divisions.ts); wire types from src/shared/protocol/admin/divisions.ts. */
export function divisionsApi(request: Request) {
  const enc = encodeURIComponent;
  return {
    list: async () => (await request<DivisionsResponse>('GET', '/api/divisions')).divisions,
    add: (code: string, name: string) => request<DivisionResponse>('POST', '/api/admin/divisions', { code, name }),
    rename: (code: string, name: string) => request<DivisionResponse>('PUT', `/api/admin/divisions/${enc(code)}`, { name }),
    retire: (code: string, successorCode: string) => request<DivisionResponse>('POST', `/api/admin/divisions/${enc(code)}/retire`, { successorCode }),
    official: (code: string, official: string) => request<OfficialCodeResponse>('POST', `/api/admin/divisions/${enc(code)}/official`, { code: official }),
    importCsv: (csv: string) => request<ImportResult>('POST', '/api/admin/divisions/import', { csv }),
    queue: async () => (await request<AreaQueueResponse>('GET', '/api/admin/area-queue')).items,
    resolve: (id: number, code: string) => request<AreaQueueItemResponse>('POST', `/api/admin/area-queue/${id}/resolve`, { code }),
  };
}
export type DivisionsApi = ReturnType<typeof divisionsApi>;
