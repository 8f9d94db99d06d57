import { appError, type AppError } from '../errors';

/** A 400 VALIDATION_FAILED naming the field and the reason, the shape zod failures have (http/zod-issues.ts). */
export function areaIssue(path: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return appError('VALIDATION_FAILED', { issues: [{ path, message }], ...extra });
}
