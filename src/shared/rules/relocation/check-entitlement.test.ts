import { describe, expect, it } from 'vitest';
import { ENTITLEMENTS, HANDOUTS, LL } from '../../../../test/fixtures/relocation-event';
import type { ReliefDistribution } from '../../schema/relief';
import { checkEntitlement } from './check-entitlement';

const h = (id: string) => HANDOUTS.find((x) => x.handout.id === id)!.handout;
const next = (base: ReliefDistribution, v: Partial<ReliefDistribution>): ReliefDistribution => ({ ...base, id: 'relief-new-1', ...v });

describe('checkEntitlement', () => {
  it('ok: a first hand-out within the entitlement, with the figures', () => {
    const r = checkEntitlement(h('relief-01'), [], ENTITLEMENTS);
    expect(r).toMatchObject({ result: 'ok', entitlement: { id: 'ent-emergency-r1' } });
    expect(r.figures).toEqual({
      previousCount: 0, previousQuantity: 0, previousValue: 0, thisQuantity: 1000, thisValue: 1000, totalQuantity: 1000, totalValue: 1000, maxValue: 1000,
    });
  });

  it('refuse: over the max value, with the excess', () => {
    const r = checkEntitlement(next(h('relief-01'), { quantity: 1200, cashValue: 1200.5 }), [], ENTITLEMENTS);
    expect(r).toMatchObject({ result: 'refuse', reason: 'over-entitlement', over: { value: 200.5 } });
  });

  it('refuse beats warn: the second registration’s quilts take the household to 6 of 4', () => {
    // The tablet of hh-qh-05b cannot know rl-03 (other tablet), but a caller that does passes a head-key comparison.
    const sameHead = (a: ReliefDistribution, b: ReliefDistribution) => [a.householdId, b.householdId].every((id) => id.startsWith('hh-qh-05'));
    const r = checkEntitlement(h('relief-04'), [h('relief-03')], ENTITLEMENTS, { sameHousehold: sameHead });
    expect(r).toMatchObject({ result: 'refuse', over: { quantity: 2 } });
    expect(r.figures).toMatchObject({ previousCount: 1, previousQuantity: 3, totalQuantity: 6, maxQuantity: 4, totalValue: 300 });
    // By record id alone they are two households: nothing to compare.
    expect(checkEntitlement(h('relief-04'), [h('relief-03')], ENTITLEMENTS).result).toBe('ok');
  });

  it('warn: a repeat of a once-per-round item within its max', () => {
    const second = next(h('relief-11'), { quantity: 1, cashValue: 50 }); // 3 + 1 of 4 quilts
    const r = checkEntitlement(second, [h('relief-11')], ENTITLEMENTS);
    expect(r).toMatchObject({ result: 'warn', reason: 'repeat-in-round', figures: { previousCount: 1, totalQuantity: 4 } });
  });

  it('ok: a repeat of an item the county allows several times per round', () => {
    const more = next(h('relief-09'), { quantity: 1, cashValue: 60 });
    expect(checkEntitlement(more, [h('relief-09')], ENTITLEMENTS)).toMatchObject({ result: 'ok', figures: { totalQuantity: 3 } });
  });

  it('rounds compare as text; other rounds, items and events do not count', () => {
    const r2 = h('relief-07'); // grain, round 2
    expect(checkEntitlement(r2, [h('relief-06')], ENTITLEMENTS)).toMatchObject({ result: 'ok', entitlement: null, figures: { previousCount: 0 } });
    const sameRoundAsText = next(h('relief-06'), { round: '1', quantity: 1, cashValue: 6 });
    expect(checkEntitlement(sameRoundAsText, [h('relief-06')], ENTITLEMENTS, { township: LL }).figures.previousCount).toBe(1);
    const otherEvent = { ...h('relief-06'), id: 'relief-x-event', eventId: 'event-0701-landslide' };
    expect(checkEntitlement(next(h('relief-06'), { quantity: 1 }), [otherEvent], ENTITLEMENTS, { township: LL }).figures.previousCount).toBe(0);
  });

  it('a township’s own entitlement wins over the county-wide one', () => {
    const grain = h('relief-06'); // 50 kg
    expect(checkEntitlement(grain, [], ENTITLEMENTS, { township: LL })).toMatchObject({ result: 'ok', entitlement: { id: 'ent-grain-r1-ll' } });
    expect(checkEntitlement(grain, [], ENTITLEMENTS, { township: '清河镇' })).toMatchObject({ result: 'refuse', entitlement: { id: 'ent-grain-r1' }, over: { quantity: 20 } });
    expect(checkEntitlement(grain, [], ENTITLEMENTS)).toMatchObject({ result: 'refuse', entitlement: { id: 'ent-grain-r1' } });
  });

  it('an item without entitlement has no limit, but a repeat in the round still warns', () => {
    const condolence = h('relief-05');
    expect(checkEntitlement(condolence, [], ENTITLEMENTS)).toMatchObject({ result: 'ok', entitlement: null });
    expect(checkEntitlement(next(condolence, {}), [condolence], ENTITLEMENTS)).toMatchObject({ result: 'warn', entitlement: null });
  });

  it('the hand-out itself among the previous ones (an edit) is not a repeat', () => {
    expect(checkEntitlement(h('relief-02'), [h('relief-02')], ENTITLEMENTS).result).toBe('ok');
  });

  it('quantities in another unit than the entitlement’s are not compared; the value still is', () => {
    const jin = next(h('relief-06'), { quantity: 100, unit: '斤', cashValue: 300 });
    expect(checkEntitlement(jin, [], ENTITLEMENTS, { township: LL })).toMatchObject({ result: 'ok', figures: { totalQuantity: 0 } });
  });
});
