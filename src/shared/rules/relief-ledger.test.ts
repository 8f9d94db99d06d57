import { sha256Hex } from '../../security/sha256-hex';
import { describe, expect, it } from 'vitest';
import { ENTITLEMENTS, HANDOUTS, EVENT, householdsInTownship, handoutsInTownship, AT } from '../../../test/fixtures/relocation-event';
import { reliefCorrectionSchema, voidRecordId, type ReliefCorrection, type ReliefCorrectionInput } from '../schema/relief-correction';
import type { ReliefDistribution } from '../schema/relief';
import { correctedLedger } from './relief-ledger';
import { checkEntitlement } from './relocation/check-entitlement';
import { findDoubleHandouts } from './relocation/find-double-handouts';
import { householdForm10Rows } from './relocation/form10-rows';

const h = (id: string) => HANDOUTS.find((x) => x.handout.id === id)!.handout;
const all = () => HANDOUTS.map((x) => x.handout);
let n = 0;
const correction = (v: Partial<ReliefCorrectionInput> & Pick<ReliefCorrectionInput, 'originalId' | 'action'>): ReliefCorrection =>
  reliefCorrectionSchema.parse({ id: `rc-${v.originalId}-${++n}`, reason: '登记错了', at: '2026-06-27T10:00:00+08:00', by: '王干事', ...v });

describe('relief-correction schema [R1]', () => {
  it('a void names its original and a reason; a correct also needs the corrected values, held to the hand-out rules', () => {
    expect(reliefCorrectionSchema.safeParse({ id: 'rc-00000001', originalId: 'relief-01', action: 'void', reason: '  ', at: AT, by: '王' }).success).toBe(false);
    const noValues = reliefCorrectionSchema.safeParse({ id: 'rc-00000001', originalId: 'relief-01', action: 'correct', reason: '数量错', at: AT, by: '王' });
    expect(noValues.success).toBe(false);
    expect(noValues.error?.issues[0]).toMatchObject({ path: ['corrected'], message: 'required' });
    const goodsForCash = reliefCorrectionSchema.safeParse({
      id: 'rc-00000001', originalId: 'relief-01', action: 'correct', reason: '数量错', at: AT, by: '王',
      corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'card' },
    });
    expect(goodsForCash.error?.issues[0]).toMatchObject({ path: ['corrected', 'payment'], message: 'payment.goodsNotInKind' });
  });

  it('the void id follows from the original alone: the same everywhere, different per original, a valid record id', async () => {
    const a = await voidRecordId('relief-01', sha256Hex);
    expect(a).toBe(await voidRecordId('relief-01', sha256Hex));
    expect(a).not.toBe(await voidRecordId('relief-02', sha256Hex));
    expect(a).toMatch(/^rv-[0-9a-f]{40}$/);
  });
});

describe('correctedLedger [R4]', () => {
  it('no corrections: every hand-out as recorded, state valid', () => {
    const l = correctedLedger(all(), []);
    expect(l.handouts).toEqual(all());
    expect(l.entries.every((e) => e.state === 'valid')).toBe(true);
  });

  it('a void leaves the hand-out out; the original is kept as it was', () => {
    const before = structuredClone(h('relief-03'));
    const l = correctedLedger(all(), [correction({ originalId: 'relief-03', action: 'void' })]);
    expect(l.handouts.map((x) => x.id)).not.toContain('relief-03');
    expect(l.handouts).toHaveLength(all().length - 1);
    const e = l.entries.find((x) => x.original.id === 'relief-03')!;
    expect(e).toMatchObject({ state: 'voided', effective: null });
    expect(e.original).toEqual(before);
  });

  it('a correct replaces item, quantity, value and payment; the latest of two wins whatever order they arrive in', () => {
    const first = correction({ originalId: 'relief-02', action: 'correct', at: '2026-06-27T10:00:00+08:00', corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind' } });
    const second = correction({ originalId: 'relief-02', action: 'correct', at: '2026-06-27T11:00:00+08:00', corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 3, unit: '床', cashValue: 150, payment: 'in-kind' } });
    for (const order of [[first, second], [second, first]]) {
      const l = correctedLedger(all(), order);
      const e = l.entries.find((x) => x.original.id === 'relief-02')!;
      expect(e.state).toBe('corrected');
      expect(e.effective).toMatchObject({ id: 'relief-02', quantity: 3, cashValue: 150, householdId: 'hh-qh-01', round: 1 });
      expect(e.applied.map((c) => c.id)).toEqual([first.id, second.id]);
    }
  });

  it('after a void nothing applies: a later correction is ignored, listed as such', () => {
    const v = correction({ originalId: 'relief-01', action: 'void', at: '2026-06-27T10:00:00+08:00' });
    const c = correction({ originalId: 'relief-01', action: 'correct', at: '2026-06-27T12:00:00+08:00', corrected: { item: { category: 'cash', kind: 'emergency' }, quantity: 500, unit: '元', cashValue: 500, payment: 'card' } });
    const e = correctedLedger(all(), [c, v]).entries.find((x) => x.original.id === 'relief-01')!;
    expect(e).toMatchObject({ state: 'voided', effective: null });
    expect(e.ignored.map((x) => x.id)).toEqual([c.id]);
  });

  it('a correction of a hand-out not in the list changes nothing and is reported as an orphan', () => {
    const o = correction({ originalId: 'relief-99', action: 'void' });
    const l = correctedLedger(all(), [o]);
    expect(l.handouts).toEqual(all());
    expect(l.orphans).toEqual([o]);
  });

  it('keeps extra fields of the caller (a report’s township)', () => {
    const l = correctedLedger(handoutsInTownship(), [correction({ originalId: 'relief-01', action: 'correct', corrected: { item: { category: 'cash', kind: 'emergency' }, quantity: 500, unit: '元', cashValue: 500, payment: 'card' } })]);
    expect(l.handouts.find((x) => x.id === 'relief-01')).toMatchObject({ township: '清河镇', cashValue: 500 });
  });
});

describe('the rules that read the corrected ledger', () => {
  it('entitlement: a voided hand-out no longer counts towards the round; a corrected one counts its new quantity', () => {
    const sameHead = (a: ReliefDistribution, b: ReliefDistribution) => [a.householdId, b.householdId].every((id) => id.startsWith('hh-qh-05'));
    expect(checkEntitlement(h('relief-04'), correctedLedger([h('relief-03')], []).handouts, ENTITLEMENTS, { sameHousehold: sameHead }).result).toBe('refuse');
    const voided = correctedLedger([h('relief-03')], [correction({ originalId: 'relief-03', action: 'void' })]).handouts;
    expect(checkEntitlement(h('relief-04'), voided, ENTITLEMENTS, { sameHousehold: sameHead }).result).toBe('ok');
    const one = correctedLedger([h('relief-03')], [correction({ originalId: 'relief-03', action: 'correct', corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 1, unit: '床', cashValue: 50, payment: 'in-kind' } })]).handouts;
    expect(checkEntitlement(h('relief-04'), one, ENTITLEMENTS, { sameHousehold: sameHead })).toMatchObject({ result: 'warn', figures: { previousQuantity: 1, totalQuantity: 4 } });
  });

  it('double hand-out: voiding one of the two leaves no double', () => {
    const key = (id: string) => (id.startsWith('hh-qh-05') ? 'hh-qh-05' : id);
    expect(findDoubleHandouts(correctedLedger(all(), []).handouts, key)).toHaveLength(1);
    expect(findDoubleHandouts(correctedLedger(all(), [correction({ originalId: 'relief-04', action: 'void' })]).handouts, key)).toHaveLength(0);
  });

  it('应急统表10: the household’s cash is the corrected amount, a voided hand-out gives nothing', () => {
    const rows = (corrections: ReliefCorrection[]) => householdForm10Rows(householdsInTownship(), correctedLedger(handoutsInTownship(), corrections).handouts, undefined, { at: AT, townshipOrder: EVENT.townships });
    const row = (rs: ReturnType<typeof rows>) => rs.find((r) => r.householdIds.includes('hh-qh-01'))!;
    expect(row(rows([]))).toMatchObject({ cashYuan: 1000, goodsYuan: 200 });
    const fixed = rows([
      correction({ originalId: 'relief-01', action: 'correct', corrected: { item: { category: 'cash', kind: 'emergency' }, quantity: 600, unit: '元', cashValue: 600, payment: 'card' } }),
      correction({ originalId: 'relief-02', action: 'void' }),
    ]);
    expect(row(fixed)).toMatchObject({ cashYuan: 600, goodsYuan: 0 });
  });
});
