import type { Entitlement } from '../../shared/schema/entitlement';
import {
  isCashKind,
  roundKey,
  type PaymentForm,
  type ReliefDistributionInput,
  type ReliefItemKind,
} from '../../shared/schema/relief';

/** What the hand-out form holds while the worker fills it in (inputs are text until saved). */
export interface HandoutDraft {
  round: string;
  itemKind: ReliefItemKind | '';
  description: string;
  /** Goods: the quantity; cash: the amount in yuan. */
  quantity: string;
  unit: string;
  /** Goods: their converted value in yuan (折款). Ignored for cash. */
  cashValue: string;
  /**
   * Yuan per unit from the entitlement (its max value over its max quantity), while the worker has not
   * typed a value: the converted value then follows the quantity.
   */
  unitPrice: number | null;
  payment: PaymentForm;
  issuingOfficer: string;
  batch: string;
  at: string;
  notes: string;
  confirmation: 'signature' | 'thumbprint';
  proxy: boolean;
  proxyName: string;
  proxyRelation: string;
}

/**
 * The unit a hand-out of goods is counted in when the county's entitlement names none. Data, not UI
 * text: units are compared with the entitlement's (check-entitlement.ts) and printed on Chinese forms.
 */
const DEFAULT_UNITS: Record<ReliefItemKind, string> = {
  emergency: '元',
  transitional: '元',
  'winter-spring': '元',
  condolence: '元',
  tent: '顶',
  quilt: '床',
  clothing: '件',
  grain: '公斤',
  'cooking-oil': '升',
  water: '箱',
  heating: '件',
  other: '件',
};

/** A placeholder for the confirmation's hash while the check runs before the photo is stored. */
export const PENDING_SHA256 = '0'.repeat(64);

const number = (s: string): number => (s.trim() === '' ? NaN : Number(s));

/** Round 1 typed as "1" is saved as the number 1, like the county's entitlements (rounds compare as text anyway). */
function roundValue(round: string): number | string {
  const r = round.trim();
  return /^[1-9]\d{0,8}$/.test(r) ? Number(r) : r;
}

/** The latest round the county set entitlements for in this event, else the worker's last, else 1. */
export function defaultRound(entitlements: readonly Entitlement[], eventId: string, remembered: string | null): string {
  if (remembered) return remembered;
  const rounds = entitlements.filter((e) => e.eventId === eventId).map((e) => roundKey(e.round));
  if (rounds.length === 0) return '1';
  return rounds.sort((a, b) => {
    const na = Number(a);
    const nb = Number(b);
    return !Number.isNaN(na) && !Number.isNaN(nb) ? na - nb : a < b ? -1 : 1;
  })[rounds.length - 1]!;
}

/** The draft as the ledger schema's input. `sha256` names the stored confirmation photo. */
export function toHandoutInput(
  d: HandoutDraft,
  ids: { id: string; eventId: string; householdId: string; deviceId?: string | undefined },
  sha256: string,
): ReliefDistributionInput {
  const kind = d.itemKind;
  const cash = kind !== '' && isCashKind(kind);
  const quantity = number(d.quantity);
  const item = (cash ? { category: 'cash', kind } : { category: 'goods', kind, ...(d.description.trim() ? { description: d.description.trim() } : {}) }) as ReliefDistributionInput['item'];
  return {
    id: ids.id,
    eventId: ids.eventId,
    householdId: ids.householdId,
    ...(ids.deviceId ? { deviceId: ids.deviceId } : {}),
    at: d.at,
    issuingOfficer: d.issuingOfficer,
    ...(d.batch.trim() ? { batch: d.batch.trim() } : {}),
    round: roundValue(d.round),
    item,
    quantity,
    unit: cash ? '元' : d.unit,
    cashValue: cash ? quantity : d.cashValue.trim() === '' ? 0 : number(d.cashValue),
    payment: d.payment,
    recipient: {
      confirmation: d.confirmation,
      attachmentSha256: sha256,
      ...(d.proxy ? { proxy: { name: d.proxyName, relation: d.proxyRelation } } : {}),
    },
    ...(d.notes.trim() ? { notes: d.notes.trim() } : {}),
  };
}

/** Choosing an item sets what follows from it: the unit, the payment form, and what is still due of the entitlement. */
export function withItem(d: HandoutDraft, kind: ReliefItemKind | '', entitlement: Entitlement | null, received: { quantity: number; value: number }): HandoutDraft {
  if (kind === '') return { ...d, itemKind: '' };
  const cash = isCashKind(kind);
  const unit = cash ? '元' : (entitlement?.unit ?? DEFAULT_UNITS[kind]);
  const next: HandoutDraft = { ...d, itemKind: kind, unit, payment: cash ? (d.payment === 'in-kind' ? 'card' : d.payment) : 'in-kind' };
  // Prefill what is still due of the entitlement: the common case at a desk is the full amount.
  const due = cash
    ? entitlement?.maxValue !== undefined ? entitlement.maxValue - received.value : undefined
    : entitlement?.maxQuantity !== undefined ? entitlement.maxQuantity - received.quantity : undefined;
  next.quantity = due !== undefined && due > 0 ? String(Math.round(due * 100) / 100) : '';
  next.unitPrice = !cash && entitlement?.maxQuantity && entitlement.maxValue !== undefined ? entitlement.maxValue / entitlement.maxQuantity : null;
  next.cashValue = next.unitPrice !== null && due !== undefined && due > 0 ? valueFor(due, next.unitPrice) : '';
  return next;
}

const valueFor = (quantity: number, unitPrice: number) => String(Math.round(quantity * unitPrice * 100) / 100);

/** A typed quantity: the converted value follows it at the entitlement's unit price, until the worker types a value. */
export function withQuantity(d: HandoutDraft, quantity: string): HandoutDraft {
  const q = Number(quantity);
  if (d.unitPrice === null || quantity.trim() === '' || !Number.isFinite(q)) return { ...d, quantity };
  return { ...d, quantity, cashValue: valueFor(q, d.unitPrice) };
}
