import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { addSurveyTexts } from '../../i18n/survey.texts';
import { validationMessage } from '../../i18n/validation-message';

export interface SurveyText {
  /** The `survey` namespace. */
  t: TFunction<'survey'>;
  /** The app's own namespace (app.*, errors.*, validation.*). */
  tApp: TFunction;
  /** A schema message code in the worker's language: the survey's own codes first, then the app's. */
  message(code: string | undefined, type?: string): string;
  /** The label of a schema path, row indices left out (members.2.incomes.0.kind → 收入类型). */
  label(path: string): string;
  /** 'zh' or 'en', for explainAssessment. */
  lang: 'zh' | 'en';
}

export function surveyMessage(t: TFunction<'survey'>, tApp: TFunction, code: string | undefined, type?: string): string {
  if (code && /^[A-Za-z][\w-]*(\.[\w-]+)*$/.test(code)) {
    const own = t(`validation.${code}` as never, { defaultValue: '' });
    if (own && typeof own === 'string') return own;
  }
  return validationMessage(tApp, code, type);
}

export function pathLabel(t: TFunction<'survey'>, path: string): string {
  const key = path
    .split('.')
    .filter((p) => !/^\d+$/.test(p))
    .join('.');
  const group = t(`fields.${key}._` as never, { defaultValue: '' });
  if (group && typeof group === 'string') return group;
  const leaf = t(`fields.${key}` as never, { defaultValue: '', returnObjects: false });
  return typeof leaf === 'string' && leaf && !leaf.includes('returned an object') ? leaf : key;
}

/** The survey screens' texts; the `survey` namespace is added on first use (it ships in their chunk). */
export function useSurveyText(): SurveyText {
  addSurveyTexts(useTranslation().i18n);
  const { t, i18n } = useTranslation('survey');
  const { t: tApp } = useTranslation();
  return useMemo(
    () => ({
      t,
      tApp,
      message: (code, type) => surveyMessage(t, tApp, code, type),
      label: (path) => pathLabel(t, path),
      lang: i18n.language?.startsWith('en') ? 'en' : 'zh',
    }),
    [t, tApp, i18n.language],
  );
}
