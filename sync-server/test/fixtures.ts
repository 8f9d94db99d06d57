import { randomUUID } from 'node:crypto';
import type { Change } from '../../src/shared/protocol/messages';
import { idCheckChar } from '../../src/shared/rules/id-number';

/** A valid 18-character ID number (born 1980-01-01 in 330102), distinct per `n` < 1000. */
export function validIdNumber(n = 1): string {
  const first17 = `33010219800101${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

export const newId = (prefix = 'hh'): string => `${prefix}-${randomUUID()}`;
export const EVENT_ID = 'event-0620-flood';
export const SITE_ID = 'site-school-0001';

let nextHead = 100;

/**
 * A complete, valid displaced-household record (the fields of a create). Each call has a head with an
 * ID number of its own, so unrelated test households are never flagged as the same person.
 */
export function householdFields(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    eventId: EVENT_ID,
    head: { name: '王芳', idNumber: validIdNumber(nextHead++), phone: '13800000000' },
    householdType: 'ordinary',
    membersCount: 3,
    origin: { village: '河东村', group: '三组' },
    damage: { level: 'severe', rooms: 2, structure: 'brick-wood' },
    evacuationKind: 'relocation',
    placement: 'centralised',
    shelterSiteId: SITE_ID,
    checkInAt: '2026-06-20T10:00:00+08:00',
    needsEmergencySupport: true,
    needsTransitionalSupport: false,
    ...overrides,
  };
}

export interface ChangeOptions {
  baseVersion?: number;
  changedAt?: string;
  entity?: Change['entity'];
  formVersion?: number;
}

export function change(seq: number, id: string, fields: Record<string, unknown>, o: ChangeOptions = {}): Change {
  return {
    seq,
    entity: o.entity ?? 'household',
    id,
    baseVersion: o.baseVersion ?? 0,
    fields,
    formVersion: o.formVersion ?? 1,
    changedAt: o.changedAt ?? '2026-06-20T10:00:00.000Z',
  };
}

/** A create of a valid household. */
export const createHousehold = (seq: number, id = newId(), overrides: Record<string, unknown> = {}, o: ChangeOptions = {}): Change =>
  change(seq, id, householdFields(id, overrides), o);
