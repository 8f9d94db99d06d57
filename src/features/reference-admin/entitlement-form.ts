import { entitlementSchema, type Entitlement } from '../../shared/schema/entitlement';
import type { ReliefItemKind } from '../../shared/schema/relief';
import { compact, numberValue, optionalText, preparedResolver } from './prepared-resolver';

/** What the entitlement form's controls hold: the round as typed, the township '' for county-wide. */
export interface EntitlementFormValues {
  id: string;
  eventId: string;
  round: string;
  itemKind: ReliefItemKind;
  maxQuantity?: number;
  unit: string;
  maxValue?: number;
  oncePerRound: boolean;
  township: string;
  note: string;
}

export function newEntitlementValues(id: string, eventId = ''): EntitlementFormValues {
  return { id, eventId, round: '1', itemKind: 'emergency', unit: '', oncePerRound: true, township: '', note: '' };
}

export function entitlementValues(e: Entitlement): EntitlementFormValues {
  return { ...e, round: String(e.round), unit: e.unit ?? '', township: e.township ?? '', note: e.note ?? '' };
}

/** Round 1 typed as "1" is stored as the number 1, as the ledger does (rounds compare as text anyway). */
export function roundValue(round: unknown): number | string {
  const r = String(round ?? '').trim();
  return /^[1-9]\d{0,5}$/.test(r) ? Number(r) : r;
}

export function prepareEntitlement(v: EntitlementFormValues): Record<string, unknown> {
  return compact({
    id: v.id,
    eventId: v.eventId,
    round: roundValue(v.round),
    itemKind: v.itemKind,
    maxQuantity: numberValue(v.maxQuantity),
    unit: optionalText(v.unit),
    maxValue: numberValue(v.maxValue),
    oncePerRound: !!v.oncePerRound,
    // null, not absent: a county-wide entitlement (the server keeps it in no township).
    township: optionalText(v.township) ?? null,
    note: optionalText(v.note),
  });
}

export const entitlementResolver = preparedResolver<EntitlementFormValues, Entitlement>(entitlementSchema, prepareEntitlement);
