import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../i18n/error-message';
import { validationMessage } from '../../i18n/validation-message';
import type { ActionError as ActionErrorValue } from './useAction';

/** A failed call: the translated error and, for VALIDATION_FAILED, each field the server named. */
export function ActionError({ error, labels = {} }: { error: ActionErrorValue | null; labels?: Record<string, string> }) {
  const { t } = useTranslation();
  if (!error) return null;
  const issues = (error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
  return (
    <div className="error" role="alert">
      <p>{errorMessage(t, error.code, error.details)}</p>
      {issues.length > 0 && (
        <ul>
          {issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              {labels[i.path] ?? i.path}：{validationMessage(t, i.message)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
