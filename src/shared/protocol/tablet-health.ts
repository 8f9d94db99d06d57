import { z } from 'zod';

/**
 * The tablet's sync-health report (SPEC H1–H5, issue 16): counts, ages and codes about the tablet and
 * its worker's queue — never a record, a name or any other personal value of a household.
 * Ages are seconds on the tablet's own clock at sending; the server anchors them to its own time of
 * arrival, so a tablet whose clock is wrong still shows true ages (H2).
 */
export const HEALTH_REPORT_MAX_BYTES = 2048;
/** A queue count past this is a broken tablet, not a count: refused (H1). */
const MAX_COUNT = 10_000_000;
/** Ten years: an age past it is a broken clock. */
const MAX_AGE_SECONDS = 10 * 365 * 24 * 3600;
/** 1 PiB: bigger than any tablet's storage quota. */
const MAX_BYTES = 2 ** 50;

const count = z.number().int().min(0).max(MAX_COUNT);
const ageSeconds = z.number().int().min(0).max(MAX_AGE_SECONDS);
const bytes = z.number().int().min(0).max(MAX_BYTES);

/** The app's version as the build names it (package.json), or `dev` for an unbuilt client. */
export const appVersionSchema = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$/, 'appVersion.invalid');

export const healthReportSchema = z
  .object({
    /** `sync`: sent after a sync attempt; `heartbeat`: sent on a timer while online (H3). */
    kind: z.enum(['sync', 'heartbeat']),
    appVersion: appVersionSchema,
    /** Seconds since the last successful sync; null when this database never synced. */
    lastSyncAgeSeconds: ageSeconds.nullable(),
    /** Records with a change waiting in the outbox (five saves of one record are one). */
    pendingRecords: count,
    /** Seconds since the oldest waiting change was made; null when nothing waits. */
    oldestPendingAgeSeconds: ageSeconds.nullable(),
    /** Photos and signatures not yet uploaded. */
    pendingAttachments: count,
    /** Changes the server rejected, waiting for the worker's correction. */
    rejected: count,
    /** navigator.storage: persisted or not, and the bytes used of the quota; null where the browser cannot say. */
    storage: z
      .object({
        persisted: z.boolean().nullable(),
        usageBytes: bytes.nullable(),
        quotaBytes: bytes.nullable(),
      })
      .strict(),
    /** The error code of the last sync attempt (an error-table code or a client code like NETWORK); null after a success. */
    lastErrorCode: z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'errorCode.invalid').nullable(),
  })
  .strict()
  // A tablet holding records knows when the oldest was made: without it the county could not rank it.
  .refine((r) => r.pendingRecords === 0 || r.oldestPendingAgeSeconds !== null, {
    message: 'oldestPending.missing',
    path: ['oldestPendingAgeSeconds'],
  });
export type HealthReport = z.infer<typeof healthReportSchema>;

/** Why a tablet is listed as at risk (H5), most urgent first. */
export const RISKS = ['stale', 'waiting', 'oldVersion', 'nearQuota', 'notPersisted', 'error'] as const;
export type Risk = (typeof RISKS)[number];

/** What the server keeps of a tablet's latest report (H1–H2): counts, ages as server times, codes. */
export interface TabletHealthFigures {
  kind: 'sync' | 'heartbeat';
  appVersion: string;
  /** Server times (H2). */
  receivedAt: string;
  lastSyncedAt: string | null;
  pendingRecords: number;
  oldestPendingAt: string | null;
  pendingAttachments: number;
  rejected: number;
  storagePersisted: boolean | null;
  storageUsageBytes: number | null;
  storageQuotaBytes: number | null;
  lastErrorCode: string | null;
}

/** One (tablet, account) as the county sees it (GET /api/admin/tablet-health). No household data. */
export interface TabletHealthRow extends TabletHealthFigures {
  clientId: string;
  tabletId: string | null;
  deviceName: string | null;
  userId: string;
  username: string;
  displayName: string;
  township: string | null;
  townshipName: string | null;
  countyName: string | null;
  /** The reasons, most urgent first; empty when all is well. */
  risks: Risk[];
}

export interface TabletHealthResponse {
  /** The server's time of the answer: ages on the screen are counted from it. */
  now: string;
  /** Hours without a sync, while holding records, that make a tablet stale (the setting or the filter). */
  staleHours: number;
  /** The app version the server ships: a tablet below it is on an old version. */
  currentAppVersion: string;
  /** Storage used at or above this share of the quota is near the quota. */
  nearQuotaRatio: number;
  tablets: TabletHealthRow[];
}

export const tabletHealthQuerySchema = z
  .object({
    staleHours: z.coerce.number().min(0.01).max(24 * 365).optional(),
  })
  .strict();
