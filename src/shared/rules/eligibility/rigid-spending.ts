import type { ReasonOf } from './assessment-schema';
import { exact, lt, yuan, type Exact } from './exact';
import type { SpendingRatio } from './spending-ratio';

/**
 * R1 刚性支出困难: evaluated only when the household has n > 0 members and is neither 低保 nor
 * 低保边缘; A1 holds, per-capita income < perCapitaDisposableIncome, and the spending ratio exceeded.
 */
export function assessRigidSpending(
  perCapita: Exact,
  perCapitaDisposableIncome: number,
  assetsWithinLimit: boolean,
  ratio: SpendingRatio,
): ReasonOf<'R1'> {
  const belowDisposable = lt(perCapita, exact(perCapitaDisposableIncome));
  return {
    rule: 'R1',
    ...ratio.figures,
    perCapitaIncome: yuan(perCapita),
    perCapitaDisposableIncome,
    assetsWithinLimit,
    outcome: assetsWithinLimit && belowDisposable && ratio.exceeded,
  };
}
