import { describe, expect, it } from 'vitest';
import { healthReportSchema, tabletHealthQuerySchema, type HealthReport } from './tablet-health';

const ok: HealthReport = {
  kind: 'sync', appVersion: '0.1.0', lastSyncAgeSeconds: 30, pendingRecords: 2, oldestPendingAgeSeconds: 600, pendingAttachments: 1, rejected: 0,
  storage: { persisted: true, usageBytes: 1024, quotaBytes: 4096 }, lastErrorCode: 'OVERLOADED',
};

describe('the tablet health report schema [H1]', () => {
  it('takes a full report, a heartbeat, a never-synced tablet and a browser that cannot say its storage', () => {
    expect(healthReportSchema.parse(ok)).toEqual(ok);
    expect(healthReportSchema.safeParse({ ...ok, kind: 'heartbeat' }).success).toBe(true);
    expect(healthReportSchema.safeParse({ ...ok, lastSyncAgeSeconds: null, lastErrorCode: null }).success).toBe(true);
    expect(healthReportSchema.safeParse({ ...ok, storage: { persisted: null, usageBytes: null, quotaBytes: null } }).success).toBe(true);
    expect(healthReportSchema.safeParse({ ...ok, pendingRecords: 0, oldestPendingAgeSeconds: null }).success).toBe(true);
  });

  it('is strict: no other field (an account, a client id, a name) at the top or in storage', () => {
    for (const extra of [{ userId: 'u1' }, { clientId: 'c-12345678' }, { headName: '王芳' }]) {
      expect(healthReportSchema.safeParse({ ...ok, ...extra }).success, JSON.stringify(extra)).toBe(false);
    }
    expect(healthReportSchema.safeParse({ ...ok, storage: { ...ok.storage, origin: 'x' } }).success).toBe(false);
  });

  it('is bounded: counts, ages and bytes are non-negative integers below a ceiling; codes and versions are short tokens', () => {
    const bad: Partial<Record<keyof HealthReport, unknown>>[] = [
      { pendingRecords: -1 }, { pendingRecords: 1.5 }, { pendingRecords: 1e9 }, { rejected: -3 }, { pendingAttachments: 'many' },
      { lastSyncAgeSeconds: -5 }, { oldestPendingAgeSeconds: 1e12 }, { appVersion: '' }, { appVersion: 'v'.repeat(41) }, { appVersion: '<script>' },
      { lastErrorCode: 'lower_case' }, { lastErrorCode: 'A'.repeat(41) }, { kind: 'push' },
      { storage: { persisted: true, usageBytes: -1, quotaBytes: 10 } }, { storage: { persisted: 'yes', usageBytes: 1, quotaBytes: 10 } },
    ];
    for (const b of bad) expect(healthReportSchema.safeParse({ ...ok, ...b }).success, JSON.stringify(b)).toBe(false);
  });

  it('a tablet holding records must say how old the oldest is', () => {
    const r = healthReportSchema.safeParse({ ...ok, pendingRecords: 3, oldestPendingAgeSeconds: null });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['oldestPendingAgeSeconds']);
  });

  it('the view’s filter takes hours in range only', () => {
    expect(tabletHealthQuerySchema.parse({ staleHours: '12' })).toEqual({ staleHours: 12 });
    expect(tabletHealthQuerySchema.parse({})).toEqual({});
    for (const h of ['0', '-1', 'abc', '100000']) expect(tabletHealthQuerySchema.safeParse({ staleHours: h }).success, h).toBe(false);
    expect(tabletHealthQuerySchema.safeParse({ staleHours: '4', township: 'x' }).success).toBe(false);
  });
});
