import type { ReliefDistribution } from '../../../src/shared/schema/relief';
import { chineseName } from './names';
import type { Rng } from './prng';

/** Items handed out after a flood, with unit and converted value per unit (yuan). */
const GOODS = [
  { kind: 'tent', unit: '顶', value: 800 },
  { kind: 'quilt', unit: '床', value: 120 },
  { kind: 'grain', unit: 'kg', value: 6 },
  { kind: 'cooking-oil', unit: '桶', value: 60 },
  { kind: 'water', unit: '箱', value: 30 },
] as const;

const sha = (rng: Rng) => Array.from({ length: 64 }, () => Math.floor(rng.next() * 16).toString(16)).join('');

/**
 * One hand-out of the relief ledger as the app stores it (the shared schema's parse output): goods in
 * kind mostly, emergency cash sometimes, confirmed by signature or thumbprint. About 0.5 KB of JSON.
 */
export function generateHandout(rng: Rng, eventId: string, householdId: string, round: number, item?: ReliefDistribution['item']): ReliefDistribution {
  const cash = item ? item.category === 'cash' : rng.chance(0.2);
  const goods = rng.pick(GOODS);
  const chosen: ReliefDistribution['item'] = item ?? (cash ? { category: 'cash', kind: 'emergency' } : { category: 'goods', kind: goods.kind });
  const quantity = cash ? 1 : rng.int(1, 5);
  const at = new Date(Date.UTC(2025, 6, 2, 1) + rng.int(0, 14 * 24 * 60) * 60_000).toISOString();
  return {
    id: rng.uuid(),
    eventId,
    householdId,
    at,
    issuingOfficer: chineseName(rng, rng.chance(0.5) ? 'male' : 'female'),
    round,
    item: chosen,
    quantity,
    unit: cash ? '元' : (GOODS.find((g) => g.kind === chosen.kind)?.unit ?? '件'),
    cashValue: cash ? rng.int(5, 20) * 100 : quantity * (GOODS.find((g) => g.kind === chosen.kind)?.value ?? 50),
    payment: cash ? rng.pick(['cash', 'card'] as const) : 'in-kind',
    recipient: { confirmation: rng.chance(0.8) ? 'signature' : 'thumbprint', attachmentSha256: sha(rng) },
  };
}
