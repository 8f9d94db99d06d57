import { SPENDING_CATEGORIES } from '../../../shared/rules/eligibility/household-schema';
import { AmountInput } from '../form-controls';
import { useSurveyText } from '../useSurveyText';

/** Step 6: essential spending over the last 12 months (with receipts), yuan; empty counts as 0. */
export function SpendingStep() {
  const { label } = useSurveyText();
  return (
    <div className="step-body">
      <fieldset className="group">
        <legend>{label('annualSpending')}</legend>
        <div className="field-grid">
          {SPENDING_CATEGORIES.map((c) => (
            <AmountInput key={c} name={`annualSpending.${c}`} />
          ))}
        </div>
      </fieldset>
    </div>
  );
}
