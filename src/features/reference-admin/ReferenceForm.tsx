import { useId, useState, type ReactNode } from 'react';
import { FormProvider, useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from 'react-hook-form';
import { errorCodeOf } from '../../i18n/error-message';
import { FormIdContext } from './form-controls';
import { ServerError, serverIssues, type ServerFailure } from './ServerError';
import { useReferenceAdminText } from './useReferenceAdminText';

export interface ReferenceFormProps<V extends FieldValues, O> {
  title: string;
  note?: ReactNode;
  defaultValues: DefaultValues<V>;
  resolver: Resolver<V, unknown, O>;
  /** Sends the record; rejects with the server's code, and the form keeps everything typed. */
  onSave: (record: O) => Promise<void>;
  onCancel: () => void;
  /** Field labels by schema path, to name the fields in the server's issues. */
  labels: Record<string, string>;
  children: ReactNode;
}

/**
 * The frame of every reference-data form: react-hook-form with the shared schema's resolver, save and
 * cancel, and a refused save shown by the server's code. Nothing is queued: this page is online only.
 */
export function ReferenceForm<V extends FieldValues, O>({ title, note, defaultValues, resolver, onSave, onCancel, labels, children }: ReferenceFormProps<V, O>) {
  const { t } = useReferenceAdminText();
  const id = useId();
  const form = useForm<V, unknown, O>({ defaultValues, resolver });
  const [failure, setFailure] = useState<ServerFailure | null>(null);
  const { isSubmitting, errors, submitCount } = form.formState;

  const submit = form.handleSubmit(async (record) => {
    setFailure(null);
    try {
      await onSave(record);
    } catch (e) {
      const f = errorCodeOf(e);
      setFailure(f);
      // The server checks with the same schema; mark its fields as well (an older app, a changed rule).
      for (const i of serverIssues(f)) form.setError(i.path as Path<V>, { type: 'server', message: i.message });
    }
  });

  return (
    <FormProvider {...form}>
      <FormIdContext.Provider value={id}>
        <form className="reference-form" noValidate aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)}>
          <h3 id={`${id}-title`}>{title}</h3>
          {note && <p className="hint">{note}</p>}
          {children}
          {submitCount > 0 && Object.keys(errors).length > 0 && !failure && (
            <p className="error" role="alert">
              {t('fixErrors')}
            </p>
          )}
          <ServerError failure={failure} labels={labels} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={isSubmitting}>
              {isSubmitting ? t('saving') : t('save')}
            </button>
            <button type="button" onClick={onCancel}>
              {t('cancel')}
            </button>
          </div>
        </form>
      </FormIdContext.Provider>
    </FormProvider>
  );
}
