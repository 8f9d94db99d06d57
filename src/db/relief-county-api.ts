import { isErrorBody } from '../shared/protocol/error-codes';
import { AppError, type FlagView, type UnlockedSession } from './contracts';

export type CountyApi = NonNullable<UnlockedSession['county']>;

export interface CountyApiDeps {
  /** '' for the same origin as the PWA. */
  baseUrl: string;
  fetch: typeof fetch;
  /** The session token while valid; null offline-unlocked or expired. */
  token: () => string | null;
}

/** The file name a download names itself with (RFC 6266 filename*, then filename). */
function downloadName(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      /* fall through to the ASCII name */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1]!.trim() : fallback;
}

/**
 * session.county: the county office's online calls (reports and flags, sync-server/src/routes/reports.ts
 * and flags.ts). Unlike sync, nothing here is queued: these pages are for an office with a network, and a
 * failure shows at once, with the server's error code.
 */
export function createCountyApi(deps: CountyApiDeps): CountyApi {
  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const token = deps.token();
    if (!token) throw new AppError('UNAUTHENTICATED', 'Log in online first.');
    let res: Response;
    try {
      res = await deps.fetch(deps.baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : null,
      });
    } catch {
      throw new AppError('NETWORK');
    }
    if (!res.ok) {
      const data = await res.json().catch(() => null);
      if (isErrorBody(data)) throw new AppError(data.error.code, data.error.message, data.error.details);
      throw new AppError(res.status === 403 ? 'FORBIDDEN' : res.status === 404 ? 'NOT_FOUND' : 'INTERNAL');
    }
    return res;
  }
  const query = (o: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => !!e[1])).toString();

  return {
    async report(eventId, at) {
      return (await call('GET', `/api/reports/relocation?${query({ eventId, at })}`)).json();
    },
    async download(kind, format, eventId, at) {
      const res = await call('GET', `/api/reports/${kind}?${query({ eventId, at, format })}`);
      return { blob: await res.blob(), filename: downloadName(res.headers.get('content-disposition'), `${kind}.${format}`) };
    },
    async downloadFile(path) {
      const res = await call('GET', path);
      return { blob: await res.blob(), filename: downloadName(res.headers.get('content-disposition'), 'download.xlsx') };
    },
    async flags(q = {}) {
      const data = (await (await call('GET', `/api/flags?${query({ eventId: q.eventId, status: q.status })}`)).json()) as { flags: FlagView[] };
      return data.flags;
    },
    async resolveFlag(id, action, reason) {
      const data = (await (await call('POST', `/api/flags/${encodeURIComponent(id)}/resolve`, { action, reason })).json()) as { flag: FlagView };
      return data.flag;
    },
    async dashboard(eventId, at, from) {
      return (await call('GET', `/api/dashboard/overview?${query({ eventId, at, from })}`)).json();
    },
    async dashboardRecords(eventId, at, figure = { kind: 'households' }) {
      // The figure's fields are the query's (SPEC D10); the households of the people figures need no `kind`.
      const { kind, ...which } = figure;
      return (await call('GET', `/api/dashboard/records?${query({ eventId, at, ...(kind === 'households' ? {} : { kind }), ...which })}`)).json();
    },
    async correctHandout(originalId, change) {
      const data = (await (await call('POST', `/api/relief/${encodeURIComponent(originalId)}/corrections`, change)).json()) as { correction: { id: string } };
      return { id: data.correction.id };
    },
  };
}
