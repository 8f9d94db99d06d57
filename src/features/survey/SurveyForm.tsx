import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { FormProvider, useForm, useFormState, type Resolver } from 'react-hook-form';
import { formatTime } from '../../shared/rules/china-time';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import type { PolicyRecord } from '../../shared/schema/policy';
import { surveyCompleteSchema } from '../../shared/schema/survey';
import type { CompressPhoto } from './compress-photo';
import { AssetsStep } from './steps/AssetsStep';
import { CaseStep } from './steps/CaseStep';
import { IncomesStep } from './steps/IncomesStep';
import { MembersStep } from './steps/MembersStep';
import { PhotosStep } from './steps/PhotosStep';
import { ReviewStep } from './steps/ReviewStep';
import { SpendingStep } from './steps/SpendingStep';
import { SupportersStep } from './steps/SupportersStep';
import { VisitStep } from './steps/VisitStep';
import { SurveyFormProvider } from './survey-context';
import { fieldsOf, type SurveyFormValues } from './survey-form-values';
import { flattenErrors, stepOfPath, STEPS, type StepName } from './survey-steps';
import { useAutosave, type AutosaveStatus } from './useAutosave';
import { useSurveyText } from './useSurveyText';
import './survey.css';

const completeSchemaResolver = zodResolver(surveyCompleteSchema) as unknown as Resolver<Record<string, unknown>>;

/**
 * Mandatory fields are enforced only when the worker completes the survey: the resolver runs the
 * complete schema on the record fields of the form (never while drafting: the form validates on
 * submit only, then again on each change so a corrected field clears its message).
 */
const completeResolver: Resolver<SurveyFormValues> = async (values, context, options) => {
  const r = await completeSchemaResolver({ ...fieldsOf(values), stage: 'submitted' }, context, options as never);
  return Object.keys(r.errors).length ? { values: {}, errors: r.errors as never } : { values, errors: {} };
};

export interface SurveyFormProps {
  initial: SurveyFormValues;
  /** The survey was completed before: editing makes it a draft again. */
  submitted: boolean;
  today: string;
  policy: PolicyRecord | null;
  compress: CompressPhoto;
  newId: () => string;
  initialStep?: number;
  onStepChange?: (step: number) => void;
  saveDraft: (fields: Record<string, unknown>) => Promise<unknown>;
  complete: (fields: Record<string, unknown>) => Promise<{ id: string }>;
  onCompleted: (id: string) => void;
  /** Autosave debounce (tests may shorten it). */
  autosaveDelayMs?: number;
  now?: () => Date;
}

function AutosaveLine({ status }: { status: AutosaveStatus }) {
  const { t, tApp } = useSurveyText();
  let text: string;
  if (status.state === 'saving') text = t('autosave.saving');
  else if (status.state === 'saved') text = t('autosave.saved', { time: formatTime(status.at.toISOString()) });
  else if (status.state === 'error') text = t('autosave.failed', { reason: errorMessage(tApp, status.code, status.details) });
  else text = t('autosave.idle');
  return (
    <p className={`autosave autosave-${status.state}`} role="status" aria-label={t('autosave.label')}>
      {text}
    </p>
  );
}

function StepNav({ step, go }: { step: number; go: (i: number) => void }) {
  const { t } = useSurveyText();
  const { errors, submitCount } = useFormState();
  const withErrors = new Set(submitCount > 0 ? flattenErrors(errors).map((e) => stepOfPath(e.path)) : []);
  return (
    <nav className="step-nav" aria-label={t('form.stepsLabel')}>
      <ol>
        {STEPS.map((s, i) => (
          <li key={s}>
            <button type="button" aria-current={i === step ? 'step' : undefined} className={withErrors.has(s) ? 'has-errors' : undefined} onClick={() => go(i)}>
              {t('form.stepButton', { n: i + 1, name: t(`steps.${s}`) })}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * The household eligibility survey as a multi-step form (household-survey.md): nine steps, one
 * react-hook-form holding every value (a step that is not shown keeps its values), autosaved as a
 * draft, completed and pre-assessed at the end.
 */
export function SurveyForm(props: SurveyFormProps) {
  const { t, tApp, message } = useSurveyText();
  const id = useId();
  const form = useForm<SurveyFormValues>({
    defaultValues: props.initial,
    resolver: completeResolver,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    shouldFocusError: false,
  });
  const { status, flush } = useAutosave(form, props.saveDraft, { delayMs: props.autosaveDelayMs, now: props.now });
  const [step, setStep] = useState(() => Math.min(Math.max(props.initialStep ?? 0, 0), STEPS.length - 1));
  const [completing, setCompleting] = useState(false);
  const [completeError, setCompleteError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { onStepChange } = props;

  const go = useCallback(
    (i: number) => {
      void flush(); // a step change saves at once
      setStep(i);
      onStepChange?.(i);
      // The new step's heading takes focus: screen readers announce it, the page shows its top.
      (globalThis.requestAnimationFrame ?? ((f: () => void) => setTimeout(f, 0)))(() => headingRef.current?.focus());
    },
    [flush, onStepChange],
  );

  // 前往 from the review step: the step, then the member row, then the field itself takes focus.
  const [focusRequest, setFocusRequest] = useState<{ path: string } | null>(null);
  const goToField = (s: StepName, path: string) => {
    go(STEPS.indexOf(s));
    setFocusRequest({ path });
  };
  useEffect(() => {
    if (!focusRequest) return;
    let frames = 0;
    let handle = 0;
    const raf = globalThis.requestAnimationFrame ?? ((f: FrameRequestCallback) => setTimeout(() => f(0), 16) as unknown as number);
    // The member editor opens on the next render: try for a few frames until the field is mounted.
    const attempt = () => {
      const names = [...(form.control as unknown as { _names: { mount: Set<string> } })._names.mount];
      const name = names.find((n) => n === focusRequest.path) ?? names.find((n) => n.startsWith(`${focusRequest.path}.`));
      if (name) {
        form.setFocus(name as never, { shouldSelect: false });
        const el = document.activeElement;
        // A field registered earlier (the row was open before) keeps its name while its row is closed, and
        // its old element cannot take focus: try again once the row has opened (issue 13 item 5, seen in Chromium).
        if (el && el.isConnected && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
          el.scrollIntoView?.({ block: 'center' });
          return;
        }
      }
      if (++frames < 10) handle = raf(attempt);
    };
    handle = raf(attempt);
    return () => (globalThis.cancelAnimationFrame ?? clearTimeout)(handle);
  }, [focusRequest, form]);

  const complete = () => {
    setCompleteError(null);
    void form.handleSubmit(async () => {
      setCompleting(true);
      try {
        await flush();
        const r = await props.complete(fieldsOf(form.getValues()));
        props.onCompleted(r.id);
      } catch (e) {
        const { code, details } = errorCodeOf(e);
        const issues = (details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
        if (code === 'VALIDATION_FAILED' && issues?.length) {
          for (const i of issues) form.setError((i.path || 'root') as never, { type: 'custom', message: i.message });
          setCompleteError(message('invalid'));
        } else setCompleteError(errorMessage(tApp, code, details));
      } finally {
        setCompleting(false);
      }
    })();
  };

  const name: StepName = STEPS[step]!;
  const body = (() => {
    switch (name) {
      case 'case':
        return <CaseStep />;
      case 'visit':
        return <VisitStep />;
      case 'members':
        return <MembersStep />;
      case 'incomes':
        return <IncomesStep />;
      case 'assets':
        return <AssetsStep />;
      case 'spending':
        return <SpendingStep />;
      case 'supporters':
        return <SupportersStep />;
      case 'photos':
        return <PhotosStep />;
      case 'review':
        return <ReviewStep onComplete={complete} completing={completing} completeError={completeError} goTo={(s) => go(STEPS.indexOf(s))} goToField={goToField} />;
    }
  })();

  return (
    <FormProvider {...form}>
      <SurveyFormProvider value={{ surveyId: props.initial.id, today: props.today, newId: props.newId, compress: props.compress, policy: props.policy, focusRequest: focusRequest?.path ?? null }}>
        <form className="survey-form" aria-labelledby={`${id}-title`} noValidate onSubmit={(e) => e.preventDefault()}>
          <div className="survey-head">
            <h2 id={`${id}-title`}>{t('form.title')}</h2>
            <span className="hint">{t('form.caseNo', { caseId: props.initial.caseId.slice(0, 8) })}</span>
          </div>
          {props.submitted && <p className="notice">{t('form.submittedNotice')}</p>}
          <div className="survey-progress">
            <p>{t('form.progress', { step: step + 1, total: STEPS.length, name: t(`steps.${name}`) })}</p>
            <progress aria-label={t('form.progressLabel')} value={step + 1} max={STEPS.length} />
          </div>
          <StepNav step={step} go={go} />
          <AutosaveLine status={status} />
          <section className="survey-step" aria-labelledby={`${id}-step`}>
            <h3 id={`${id}-step`} ref={headingRef} tabIndex={-1}>
              {t(`steps.${name}`)}
            </h3>
            {body}
          </section>
          <div className="step-actions">
            <button type="button" onClick={() => go(step - 1)} disabled={step === 0}>
              {t('form.prev')}
            </button>
            {step < STEPS.length - 1 && (
              <button type="button" className="primary" onClick={() => go(step + 1)}>
                {t('form.next')}
              </button>
            )}
          </div>
        </form>
      </SurveyFormProvider>
    </FormProvider>
  );
}
