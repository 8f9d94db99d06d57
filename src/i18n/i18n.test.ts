import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientErrorCode } from '../db/contracts';
import { ERROR_CODES, type ErrorCode } from '../shared/protocol/error-codes';
import type { IdNumberError } from '../shared/rules/id-number';
import { en } from './en';
import { errorMessage } from './error-message';
import { createI18n, loadLanguage } from './index';
import { validationMessage } from './validation-message';
import { zhCN } from './zh-CN';

// Compile-time: a new server or client error code without a message fails the type check here.
const zhErrors: Record<ErrorCode | ClientErrorCode, string> = zhCN.errors;
const enErrors: Record<ErrorCode | ClientErrorCode, string> = en.errors;
const CLIENT_CODES = {
  NETWORK: 1,
  STORAGE_FULL: 1,
  UNLOCK_FAILED: 1,
  UNLOCK_WIPED: 1,
  OFFLINE_EXPIRED: 1,
  NO_OFFLINE_ACCOUNT: 1,
  LOCKED: 1,
  CASE_STEP_NOT_ALLOWED: 1,
} satisfies Record<ClientErrorCode, 1>;
const ID_CODES = {
  'id.length': 1,
  'id.digits': 1,
  'id.lastChar': 1,
  'id.birthDate': 1,
  'id.futureBirthDate': 1,
  'id.checkChar': 1,
  'id.oldFormat': 1,
} satisfies Record<IdNumberError, 1>;
/** Every message code the shared schemas use (src/shared/schema/*.ts). */
const SCHEMA_CODES = ['required', 'membersCount.min', 'shelterSite.required', 'checkOut.beforeCheckIn', 'phone.invalid', 'date.invalid', 'id.invalid'];

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}

describe('translations', () => {
  beforeAll(() => loadLanguage('en'));

  it('have the same keys in both languages, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
    for (const lang of [zhCN, en]) for (const k of keys(lang)) expect(k.split('.').reduce<any>((o, p) => o[p], lang), k).not.toBe('');
  });

  it('give every server and client error code its own message in both languages', () => {
    const codes = [...Object.keys(ERROR_CODES), ...Object.keys(CLIENT_CODES)];
    for (const lng of ['zh-CN', 'en'] as const) {
      const t = createI18n(lng).t;
      const messages = new Set(codes.map((c) => errorMessage(t, c)));
      expect(messages.size, lng).toBe(codes.length);
      for (const c of codes) expect(errorMessage(t, c)).not.toContain('errors.');
    }
    expect(Object.keys(zhErrors)).toEqual(Object.keys(enErrors));
  });

  it('translate every schema and ID-number message code', () => {
    for (const lng of ['zh-CN', 'en'] as const) {
      const t = createI18n(lng).t;
      for (const code of [...SCHEMA_CODES, ...Object.keys(ID_CODES)]) {
        const m = validationMessage(t, code);
        expect(m, `${lng} ${code}`).not.toBe(validationMessage(t, 'no.such.code'));
      }
    }
  });

  it('say that a number which does not check must be re-read whole, never which character to put last (issue 13 item 8)', () => {
    expect(validationMessage(createI18n('zh-CN').t, 'id.checkChar')).toBe('号码未通过校验，可能有一位抄错。请对照身份证，逐位重新核对整个号码。');
    expect(validationMessage(createI18n('en').t, 'id.checkChar')).toBe('This number does not check: a digit may have been copied wrong. Read the whole number again from the ID card.');
  });

  it('name an unknown code instead of failing', () => {
    const t = createI18n('zh-CN').t;
    expect(errorMessage(t, 'FROM_A_NEWER_SERVER')).toBe('发生错误（FROM_A_NEWER_SERVER）。');
    expect(validationMessage(t, 'Invalid input: expected number, received NaN', 'invalid_type')).toBe('必填');
  });
});
