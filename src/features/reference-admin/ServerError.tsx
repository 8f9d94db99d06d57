import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../i18n/error-message';
import { fieldMessage } from './field-message';

export interface ServerFailure {
  code: string;
  details?: unknown;
}

/** The server's issues of a VALIDATION_FAILED (dotted path, message code), if any. */
export function serverIssues(f: ServerFailure | null): { path: string; message: string }[] {
  const issues = (f?.details as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) ? issues.filter((i): i is { path: string; message: string } => typeof i?.path === 'string') : [];
}

/** A refused save, by the server's code (translated), with each field the server named. */
export function ServerError({ failure, labels }: { failure: ServerFailure | null; labels: Record<string, string> }) {
  const { t } = useTranslation();
  if (!failure) return null;
  const issues = serverIssues(failure);
  return (
    <div className="error" role="alert">
      <p>{errorMessage(t, failure.code, failure.details)}</p>
      {issues.length > 0 && (
        <ul>
          {issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              {labels[i.path] ?? labels[i.path.replace(/\.\d+$/, '')] ?? i.path}：{fieldMessage(t, { message: i.message }, 'given')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
