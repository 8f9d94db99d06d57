import type { ReactNode } from 'react';
import { useFieldArray, useFormContext } from 'react-hook-form';
import { VEHICLE_TYPES } from '../../../shared/schema/survey-fields';
import { AmountInput, SelectInput, TextInput, useOptions, YesNo } from '../form-controls';
import type { SurveyFormValues } from '../survey-form-values';
import { useSurveyText } from '../useSurveyText';

function Rows({ name, itemKey, addKey, render }: { name: string; itemKey: string; addKey: string; render: (prefix: string) => ReactNode }) {
  const { t, label } = useSurveyText();
  const { control } = useFormContext<SurveyFormValues>();
  const rows = useFieldArray({ control, name, keyName: 'key' });
  return (
    <fieldset className="group">
      <legend>{label(name)}</legend>
      {rows.fields.map((f, i) => (
        <fieldset key={f.key} className="group row">
          <legend>{t(itemKey, { n: i + 1 })}</legend>
          <div className="field-grid three">{render(`${name}.${i}`)}</div>
          <button type="button" onClick={() => rows.remove(i)} aria-label={`${t('remove')} ${t(itemKey, { n: i + 1 })}`}>
            {t('remove')}
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={() => rows.append({})}>
        {t(addKey)}
      </button>
    </fieldset>
  );
}

/** Step 5: assets (A1): the financial total and the surveyor's judgment, with the houses, vehicles and business assets seen. */
export function AssetsStep() {
  const vehicleTypes = useOptions('vehicleType', VEHICLE_TYPES);
  return (
    <div className="step-body">
      <AmountInput name="assets.financialAssets" errorAlso="assets" />
      <YesNo name="assets.otherAssetsWithinLimit" />
      <Rows
        name="assets.houses"
        itemKey="assets.house"
        addKey="assets.addHouse"
        render={(p) => (
          <>
            <AmountInput name={`${p}.area`} />
            <YesNo name={`${p}.onlyHome`} />
            <TextInput name={`${p}.note`} />
          </>
        )}
      />
      <Rows
        name="assets.vehicles"
        itemKey="assets.vehicle"
        addKey="assets.addVehicle"
        render={(p) => (
          <>
            <SelectInput name={`${p}.type`} options={vehicleTypes} />
            <AmountInput name={`${p}.value`} />
            <TextInput name={`${p}.note`} />
          </>
        )}
      />
      <Rows
        name="assets.businessAssets"
        itemKey="assets.business"
        addKey="assets.addBusiness"
        render={(p) => (
          <>
            <TextInput name={`${p}.description`} />
            <AmountInput name={`${p}.value`} />
            <YesNo name={`${p}.exempt`} />
          </>
        )}
      />
    </div>
  );
}
