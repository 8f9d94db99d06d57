import { createContext, useContext, type ReactNode } from 'react';
import type { PolicyRecord } from '../../shared/schema/policy';
import type { CompressPhoto } from './compress-photo';

/** What the steps need besides the form: today (China time), ids for new rows, the photo compressor. */
export interface SurveyFormContext {
  surveyId: string;
  today: string;
  newId: () => string;
  compress: CompressPhoto;
  policy: PolicyRecord | null;
  /** The field the review step's 前往 asked for (a schema path): its member row opens (issue 13 item 5). */
  focusRequest?: string | null;
}

const Ctx = createContext<SurveyFormContext | null>(null);

export function SurveyFormProvider({ value, children }: { value: SurveyFormContext; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSurveyForm(): SurveyFormContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useSurveyForm outside SurveyFormProvider');
  return c;
}
