import { isErrorBody, ERROR_CODES, type ErrorCode } from '../shared/protocol/error-codes';
import type { HandoverImportSummary, HandoverServerKey } from '../shared/protocol/handover-format';
import type { TabletHandoverApi } from '../shared/protocol/handover-tablet';
import { AppError } from '../shared/protocol/app-error';
import type { UserKeys } from '../security/key-bundle';
import type { UserDb } from '../db/user-db';
import { exportHandover, previewHandover } from './handover-export';
import { carryFile, forwardCarriedFiles } from './handover-courier';
import { listCarried } from './handover-store';
import { registerHandoverKey } from './handover-keys';

export interface TabletHandoverDeps {
  db: UserDb;
  keys: UserKeys;
  userId: string;
  clientId: () => string;
  now: () => Date;
  newId: () => string;
  token: () => string | null;
  http: { baseUrl: string; fetch: typeof fetch };
  /** F10: the count the engine's acknowledgements reached this session. */
  handedOver: () => number;
}

/** The session's hand-over (issue 17), for the screens; wired by compose-session.ts. */
export function createTabletHandover(deps: TabletHandoverDeps): TabletHandoverApi & {
  register(): Promise<boolean>;
} {
  const exportDeps = () => ({ db: deps.db, keys: deps.keys, userId: deps.userId, clientId: deps.clientId(), now: deps.now, newId: deps.newId });

  async function send<T>(path: string, init: { json?: unknown; bytes?: Uint8Array }): Promise<T> {
    const token = deps.token();
    if (!token) throw new AppError('UNAUTHENTICATED');
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    headers['content-type'] = init.bytes ? 'application/octet-stream' : 'application/json';
    let res: Response;
    try {
      res = await deps.http.fetch(deps.http.baseUrl + path, {
        method: 'POST',
        headers,
        body: init.bytes ? (new Uint8Array(init.bytes) as unknown as BodyInit) : JSON.stringify(init.json ?? {}),
      });
    } catch (e) {
      throw new AppError('NETWORK', e instanceof Error ? e.message : String(e));
    }
    const text = await res.text().catch(() => '');
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* a proxy's page */
    }
    if (!res.ok) {
      const code: ErrorCode = isErrorBody(body) && body.error.code in ERROR_CODES ? body.error.code : res.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL';
      throw new AppError(code, isErrorBody(body) ? body.error.message : undefined, isErrorBody(body) ? body.error.details : undefined);
    }
    return body as T;
  }

  return {
    preview: () => previewHandover(exportDeps()),
    export: () => exportHandover(exportDeps()),
    carry: (file) => carryFile(deps.db, file, deps.now),
    carried: async () => (await listCarried(deps.db)).map(({ file: _file, ...c }) => c),
    forwardCarried: () => forwardCarriedFiles(deps.db, (path, file) => send<HandoverImportSummary>(path, { bytes: file })),
    importFile: (file) => send<HandoverImportSummary>('/api/handover/import', { bytes: file }),
    handedOver: deps.handedOver,
    register: () =>
      registerHandoverKey(deps.db, deps.clientId(), (publicKey: HandoverServerKey) => send('/api/handover/keys', { json: { publicKey } }), deps.now),
  };
}
