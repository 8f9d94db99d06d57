import type { ReasonOf } from './assessment-schema';
import { div, exact, fromInt, le, mul, yuan, type Exact } from './exact';

/**
 * A1 assets: financial assets ÷ counted members ≤ financialAssetMonths × standard, and the surveyor
 * judged the other assets within the local rule. "Counted members" is the E1 count (特困 members
 * included): A1 is needed before 特困 is decided (T3). With no counted member the quotient is
 * undefined; we then compare the whole amount with one person's limit (divisor 1), so that assets
 * are never found within the limit by dividing by zero.
 */
export function assessAssets(
  financialAssets: number,
  countedMembers: number,
  otherAssetsWithinLimit: boolean,
  standard: Exact,
  financialAssetMonths: number,
): ReasonOf<'A1'> {
  const perCapita = div(exact(financialAssets), fromInt(Math.max(1, countedMembers)));
  const limit = mul(exact(financialAssetMonths), standard);
  const financialOk = le(perCapita, limit);
  return {
    rule: 'A1',
    financialAssets: yuan(exact(financialAssets)),
    countedMembers,
    perCapitaFinancialAssets: yuan(perCapita),
    limit: yuan(limit),
    financialAssetMonths,
    otherAssetsWithinLimit,
    outcome: financialOk && otherAssetsWithinLimit,
  };
}
