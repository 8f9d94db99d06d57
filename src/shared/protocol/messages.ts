import { z } from 'zod';
import { idSchema, isoDateTime } from '../schema/common';
import { ENTITIES, FIELD_ENTITIES } from './entities';
import type { ErrorCode } from './error-codes';

/** Push limits (rule P3): the client splits to stay under both; the server answers 413 past the bytes. */
export const MAX_CHANGES_PER_BATCH = 500;
export const MAX_PUSH_BYTES = 2 * 1024 * 1024;
export const MAX_PULL_LIMIT = 1000;

/**
 * One local change, as pushed (rule P1). `seq` is the device's own strictly increasing number:
 * (deviceId, seq) is unique for ever on the server, which makes every replay a no-op (rule P2).
 * `fields` holds the changed top-level fields; `baseVersion` the server version they were edited from
 * (0 for a create), which the server uses to merge per field (rules C1–C4).
 */
const changeSchema = z.object({
  seq: z.number().int().positive(),
  entity: z.enum(FIELD_ENTITIES),
  id: idSchema,
  baseVersion: z.number().int().min(0),
  fields: z.record(z.string(), z.unknown()),
  formVersion: z.number().int().positive(),
  changedAt: isoDateTime,
  /** Rule A8: the township the worker's account held when saving (absent from older tablets). */
  township: z.string().min(1).max(64).optional(),
});
export type Change = z.infer<typeof changeSchema>;

export const pushRequestSchema = z.object({
  protocol: z.number().int(),
  deviceId: idSchema,
  changes: z.array(changeSchema).min(1).max(MAX_CHANGES_PER_BATCH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** Protocol 1 sent whole records as `data`, with no base version and no change time (rule V2). */
export const pushRequestV1Schema = z.object({
  protocol: z.literal(1),
  deviceId: idSchema,
  changes: z
    .array(
      z.object({
        seq: z.number().int().positive(),
        entity: z.enum(FIELD_ENTITIES),
        id: idSchema,
        data: z.record(z.string(), z.unknown()),
        formVersion: z.number().int().positive(),
      }),
    )
    .min(1)
    .max(MAX_CHANGES_PER_BATCH),
});

type ChangeStatus = 'applied' | 'merged' | 'conflict' | 'rejected';

export interface ChangeResult {
  seq: number;
  id: string;
  status: ChangeStatus;
  /** The record's server version after this change (absent when rejected). */
  version?: number;
  /** For 'conflict': the fields that conflict; both values are kept in a conflict record. */
  conflictFields?: string[];
  /** For 'rejected': the per-change code (rule P5) and the validation issues. */
  code?: ErrorCode;
  issues?: { path: string; message: string }[];
  /** Rule A8: stored under this township, which the account held before its current one. */
  acceptedUnder?: string;
}

export interface PushResponse {
  results: ChangeResult[];
  serverTime: string;
}

/** A push result as this release's tablet reads it: named by `seq`, without the record `id` (SPEC P16). */
export type PushResult = Omit<ChangeResult, 'id'> & { id?: string };

/** The push answer a tablet asking for results by seq gets (SPEC P16, header RESULTS_HEADER). */
export interface PushAnswer {
  results: PushResult[];
  serverTime: string;
}

/** A record as the server sends it on pull (rule L1). */
export interface PulledRecord {
  entity: (typeof ENTITIES)[number];
  id: string;
  version: number;
  /** The server's strictly increasing sequence: the cursor (rule L2). */
  serverSeq: number;
  township: string | null;
  fields: Record<string, unknown>;
  deleted?: boolean;
  updatedAt: string;
}

export interface PullResponse {
  records: PulledRecord[];
  cursor: number;
  hasMore: boolean;
}

export const loginRequestSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  /**
   * The client id: one per worker database on a tablet (a shared tablet sends one per account). It is
   * bound to the first account that uses it and never moves to another (SPEC A4).
   */
  deviceId: idSchema,
  deviceName: z.string().max(100).optional(),
  /** The physical tablet's own id, the same for every account on it (SPEC A4), for the county's device list. */
  tabletId: idSchema.optional(),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export type Role = 'worker' | 'supervisor' | 'admin';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  township: string | null;
  county: string | null;
  /**
   * The registry's names of `township` and `county` (codes since issue 10), for display: filled by the
   * server at login. Absent from an older server or a session stored before; then the code is shown.
   */
  townshipName?: string | null;
  countyName?: string | null;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: SessionUser;
  /**
   * A per-user secret released only at an online login. The tablet mixes it into the key it derives
   * from the PIN/password, so a copied profile cannot be brute-forced on the PIN alone (issue 6).
   */
  unlockSecret: string;
  offlineDays: number;
  serverTime: string;
}

