import type { AnnualSpending } from './household-schema';
import { div, exact, fromInt, gt, isZero, mul, round, sum, yuan, type Exact } from './exact';

export interface SpendingRatio {
  annualSpending: Exact;
  annualGrossIncome: Exact;
  exceeded: boolean;
  /** The figures as R1 and K1 report them. */
  figures: { annualSpending: number; annualGrossIncome: number; ratio: number | null; threshold: number; ratioExceeded: boolean };
}

/**
 * The R1 ratio: 12-month spending (all categories) ÷ (12 × Σ gross countable income) must exceed
 * rigidSpendingRatio. With zero income any spending over zero exceeds it (and the ratio is reported
 * as null, not infinity). Compared exactly: spending > threshold × 12 × income.
 */
export function spendingRatio(spending: AnnualSpending, monthlyGrossIncome: Exact, threshold: number): SpendingRatio {
  const annualSpending = sum([spending.medical, spending.education, spending.rehabilitation, spending.living, spending.other].map(exact));
  const annualGrossIncome = mul(monthlyGrossIncome, fromInt(12));
  const exceeded = isZero(annualGrossIncome)
    ? gt(annualSpending, exact(0))
    : gt(annualSpending, mul(exact(threshold), annualGrossIncome));
  return {
    annualSpending,
    annualGrossIncome,
    exceeded,
    figures: {
      annualSpending: yuan(annualSpending),
      annualGrossIncome: yuan(annualGrossIncome),
      ratio: isZero(annualGrossIncome) ? null : round(div(annualSpending, annualGrossIncome), 4),
      threshold,
      ratioExceeded: exceeded,
    },
  };
}
