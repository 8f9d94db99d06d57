import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestSession } from '../../test/helpers/server-harness';

/** Issue 11 §6: a worker posted 500 `idnumber.reveal` events in one request, dated 1970. */
describe('[B5] client audit events are bounded, and the server’s time is the record’s time', () => {
  let server: TestServer;
  let wang: TestSession;
  beforeEach(async () => {
    server = await startTestServer({ config: { clientAuditEventsPerMinute: 150 } });
    wang = await server.session();
  });
  afterEach(() => server.close());

  const reveal = (at: string, n = 1) => Array.from({ length: n }, (_, i) => ({ action: 'idnumber.reveal', entity: 'household', recordId: `hh-${String(i).padStart(8, '0')}`, at }));
  const send = (events: unknown[]) => server.inject('POST', '/api/audit/events', { session: wang, body: { events } });
  const rows = async () => server.store.listAudit({ action: 'idnumber.reveal', limit: 1000 });

  it('refuses 500 events in one request with 413 (never 400, which the tablet would drop), writing nothing', async () => {
    const res = await send(reveal('2026-06-20T08:00:00.000Z', 500));
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { maxEvents: 100 } });
    expect(await rows()).toEqual([]);
  });

  it('limits events per account and minute: past the budget 429 with Retry-After; the next minute is fine', async () => {
    expect((await send(reveal('2026-06-20T08:00:00.000Z', 100))).statusCode).toBe(200);
    const limited = await send(reveal('2026-06-20T08:00:00.000Z', 100));
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await rows()).toHaveLength(100);
    server.clock.advance(60_000);
    expect((await send(reveal('2026-06-20T08:00:00.000Z', 10))).statusCode).toBe(200);
  });

  it('records the server’s time; keeps the tablet’s beside it, marked when before the account existed or in the future', async () => {
    server.clock.advance(3_600_000);
    const now = server.clock.now().toISOString();
    const res = await send([
      ...reveal('1970-01-01T00:00:00.000Z'),
      ...reveal('2099-01-01T00:00:00.000Z'),
      ...reveal('2026-06-20T08:30:00.000Z'),
    ]);
    expect(res.json()).toEqual({ recorded: 3 });
    const entries = await rows();
    expect(entries.map((e) => e.at)).toEqual([now, now, now]);
    expect(entries.map((e) => e.detail).sort((a, b) => String(a?.reportedAt).localeCompare(String(b?.reportedAt)))).toEqual([
      { reportedAt: '1970-01-01T00:00:00.000Z', clockSuspect: 'before-account' },
      { reportedAt: '2026-06-20T08:30:00.000Z' },
      { reportedAt: '2099-01-01T00:00:00.000Z', clockSuspect: 'future' },
    ]);
  });
});
