/**
 * The one error table (STYLE habit 10). Codes are stable: the client maps them to translated
 * messages, tests assert them. Add, never rename.
 */
export const ERROR_CODES = {
  BAD_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  VALIDATION_FAILED: { status: 400, message: 'The request does not match the schema.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send application/json.' },
  UNAUTHENTICATED: { status: 401, message: 'Log in first.' },
  SESSION_EXPIRED: { status: 401, message: 'The session has expired; log in again.' },
  BAD_CREDENTIALS: { status: 401, message: 'Wrong user name or password.' },
  FORBIDDEN: { status: 403, message: 'Your account may not do this.' },
  OUT_OF_AREA: { status: 403, message: 'That record belongs to another area.' },
  ACCOUNT_DISABLED: { status: 403, message: 'This account is disabled.' },
  DEVICE_REVOKED: { status: 403, message: 'This device has been revoked.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  ALREADY_EXISTS: { status: 409, message: 'That already exists.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request is too large; send smaller batches.' },
  PROTOCOL_UNSUPPORTED: { status: 426, message: 'This sync protocol version is not supported.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; retry later.' },
  OVERLOADED: { status: 503, message: 'The server is busy; retry later.' },
  INTERNAL: { status: 500, message: 'Internal error.' },
  // SPEC A4: the client id of a login or push is bound to another account; the tablet picks a fresh one.
  CLIENT_ID_TAKEN: { status: 409, message: 'This client id belongs to another account; use a new one.' },
  // SPEC P8: a (client id, seq) already applied with other content: another writer used this client id.
  CLIENT_ID_REUSED: { status: 409, message: 'Another writer used this client id; move the unsent changes to a new one.' },
  LAST_ADMIN: { status: 409, message: 'At least one enabled administrator must remain.' },
  // Per-change rejection codes inside a push response (the batch itself succeeds).
  CHANGE_INVALID: { status: 422, message: 'This record is invalid.' },
  CHANGE_FORM_VERSION: { status: 422, message: 'This form version is not supported.' },
  CHANGE_ENTITY_READ_ONLY: { status: 403, message: 'This kind of record cannot be written from a tablet.' },
  // SPEC B1: nested too deep or too many keys; rejected before any merge or validation work.
  CHANGE_TOO_COMPLEX: { status: 422, message: 'This record is nested too deeply or holds too many fields.' },
  // SPEC P10: a field the form does not have, or one only the server writes (e.g. township).
  CHANGE_UNKNOWN_FIELD: { status: 422, message: 'This record holds a field the form does not have.' },
  // SPEC K2: cases and their steps are written once; a correction is a new step citing the old one.
  CHANGE_IMMUTABLE: { status: 409, message: 'This record is never edited; record a correction that cites it instead.' },
  // SPEC K3: a step invalid on its own (rules/case RULES.md CV2), whatever steps came before it.
  CASE_STEP_INVALID: { status: 422, message: 'This case step is invalid on its own.' },
  // SPEC K4: the county decides (supervisor); a worker proposes; an administrator never decides (separation of duties).
  CASE_DECIDER_ONLY: { status: 403, message: 'Only a county supervisor may record this step.' },
  // SPEC K6: a county step names a case the server does not have.
  CASE_UNKNOWN: { status: 404, message: 'There is no such case.' },
  // SPEC K12: the county's decision online may not follow the case's steps (another step came first).
  CASE_STEP_CANNOT_FOLLOW: { status: 409, message: 'This step may not follow the case as it stands now; reload the case.' },
  // SPEC F9 (issue 17): a hand-over file refused as a whole; nothing of it was applied.
  HANDOVER_NOT_A_FILE: { status: 400, message: 'This is not a Tidemark hand-over file.' },
  HANDOVER_VERSION_UNSUPPORTED: { status: 400, message: 'This hand-over file version is not supported.' },
  HANDOVER_DAMAGED: { status: 422, message: 'The file was changed or damaged after the tablet wrote it; ask for a new export.' },
  HANDOVER_KEY_UNKNOWN: { status: 422, message: 'The file is signed by a key not registered for that account and tablet.' },
  HANDOVER_OUT_OF_SCOPE: { status: 403, message: 'The file is from an account outside your area.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function isErrorBody(v: unknown): v is ErrorBody {
  return typeof v === 'object' && v !== null && typeof (v as ErrorBody).error?.code === 'string';
}
