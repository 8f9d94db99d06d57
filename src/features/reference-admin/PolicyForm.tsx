import { INCOME_KINDS, type PolicyRecord } from '../../shared/schema/policy';
import { AreaSelectInput } from './area-controls';
import { CheckboxGroup, NumberInput, TextInput } from './form-controls';
import { policyResolver, type PolicyFormValues } from './policy-form';
import { ReferenceForm } from './ReferenceForm';
import { useReferenceAdminText } from './useReferenceAdminText';

const P = 'parameters.';

/** 认定政策: a township's eligibility parameters (eligibility.md) and the income kinds not counted. */
export function PolicyForm({ title, note, initial, onSave, onCancel }: { title: string; note: string; initial: PolicyFormValues; onSave: (p: PolicyRecord) => Promise<void>; onCancel: () => void }) {
  const { t } = useReferenceAdminText();
  const l = (k: string) => t(`policy.${k}`);
  const labels: Record<string, string> = {
    township: l('township'),
    policyVersion: l('policyVersion'),
    effectiveFrom: l('effectiveFrom'),
    source: l('source'),
    [`${P}standard.urban`]: l('standardUrban'),
    [`${P}standard.rural`]: l('standardRural'),
  };
  for (const k of ['lowIncomeMultiplier', 'perCapitaDisposableIncome', 'financialAssetMonths', 'employmentCostDeduction', 'rigidSpendingRatio', 'excludedIncome', 'excludedIncomeTekun']) {
    labels[P + k] = l(k);
  }
  const kinds = INCOME_KINDS.map((k) => ({ value: k, label: t(`survey:options.incomeKind.${k}`, { defaultValue: k }) }));
  const num = (name: string, step?: number) => <NumberInput key={name} name={name} label={labels[name]!} step={step} />;
  return (
    <ReferenceForm title={title} note={note} defaultValues={initial} resolver={policyResolver} onSave={onSave} onCancel={onCancel} labels={labels}>
      <AreaSelectInput name="township" label={labels.township!} />
      {num('policyVersion', 1)}
      <TextInput name="effectiveFrom" type="date" label={labels.effectiveFrom!} />
      <TextInput name="source" label={labels.source!} hint={l('sourceHint')} />
      <fieldset className="field-group">
        <legend>{l('standards')}</legend>
        {num(`${P}standard.urban`)}
        {num(`${P}standard.rural`)}
      </fieldset>
      {num(`${P}lowIncomeMultiplier`)}
      {num(`${P}perCapitaDisposableIncome`)}
      {num(`${P}financialAssetMonths`)}
      {num(`${P}employmentCostDeduction`)}
      {num(`${P}rigidSpendingRatio`)}
      <CheckboxGroup name={`${P}excludedIncome`} label={labels[`${P}excludedIncome`]!} options={kinds} />
      <CheckboxGroup name={`${P}excludedIncomeTekun`} label={labels[`${P}excludedIncomeTekun`]!} options={kinds} />
    </ReferenceForm>
  );
}
