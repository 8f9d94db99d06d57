import type { ReasonOf } from './assessment-schema';
import { exact, lt, yuan, type Exact } from './exact';
import type { Household } from './household-schema';
import type { SpendingRatio } from './spending-ratio';

/**
 * K1 临时救助: emergency when a sudden emergency is recorded; otherwise spending-driven when A1 holds,
 * per-capita income < perCapitaDisposableIncome and the R1 ratio is exceeded; otherwise none.
 * The household's 低保 outcome does not matter here (the rule text sets no such condition). With
 * n = 0 there is no per-capita income, so the spending-driven branch cannot hold.
 */
export function assessTemporaryAssistance(
  emergency: Household['emergency'],
  perCapita: Exact | null,
  perCapitaDisposableIncome: number,
  assetsWithinLimit: boolean,
  ratio: SpendingRatio,
): ReasonOf<'K1'> {
  const belowDisposable = perCapita !== null && lt(perCapita, exact(perCapitaDisposableIncome));
  const outcome = emergency ? 'emergency' : assetsWithinLimit && belowDisposable && ratio.exceeded ? 'spending' : null;
  return {
    rule: 'K1',
    emergency: emergency?.kind ?? null,
    ...ratio.figures,
    perCapitaIncome: perCapita === null ? null : yuan(perCapita),
    perCapitaDisposableIncome,
    assetsWithinLimit,
    outcome,
  };
}
