import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * The password policy (issue 11 §4), one rule for the admin page, the admin API and the `user` command:
 * a minimum length, and a strength estimate by zxcvbn-ts with its common-language dictionaries
 * (common passwords, keyboard patterns, repeats, sequences, dates). The answer is why a password is
 * refused, as a message code (`validation.password.<problem>` in the i18n files), never a bare score.
 * Pure: the caller supplies zxcvbn (the server imports it; the browser loads it on demand with
 * `loadPasswordCheck`, so its dictionaries never weigh on the first page load).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's 0–4 scale; 3 is "safely unguessable" against throttled online guessing and slow hashes. */
const PASSWORD_MIN_SCORE = 3;

type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | 'keyboard' | 'repeated' | 'sequence' | 'date' | 'personal' | 'guessable';

export type PasswordCheck = (password: string, userInputs?: string[]) => PasswordProblem | null;

export interface PasswordStrengthKit {
  Factory: typeof ZxcvbnFactory;
  dictionary: Record<string, string[]>;
  adjacencyGraphs: Record<string, unknown>;
}

/** zxcvbn's warning keys, grouped into the reasons a worker can act on. */
const BY_WARNING: Record<string, PasswordProblem> = {
  topTen: 'common', topHundred: 'common', common: 'common', similarToCommon: 'common', wordByItself: 'common',
  namesByThemselves: 'common', commonNames: 'common', pwned: 'common',
  straightRow: 'keyboard', keyPattern: 'keyboard',
  simpleRepeat: 'repeated', extendedRepeat: 'repeated',
  sequences: 'sequence',
  recentYears: 'date', dates: 'date',
  userInputs: 'personal',
};

export function createPasswordCheck(kit: PasswordStrengthKit): PasswordCheck {
  const zxcvbn = new kit.Factory({ dictionary: kit.dictionary, graphs: kit.adjacencyGraphs as never });
  return (password, userInputs = []) => {
    const length = [...password].length;
    if (length < PASSWORD_MIN_LENGTH) return 'tooShort';
    if (length > PASSWORD_MAX_LENGTH) return 'tooLong';
    const result = zxcvbn.check(password, ['tidemark', ...userInputs]);
    if (result.score >= PASSWORD_MIN_SCORE) return null;
    return (result.feedback.warning && BY_WARNING[result.feedback.warning]) || 'guessable';
  };
}

let loading: Promise<PasswordCheck> | null = null;

/** The check with zxcvbn loaded on first use (a separate chunk in the browser). */
export function loadPasswordCheck(): Promise<PasswordCheck> {
  loading ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(([core, common]) =>
    createPasswordCheck({ Factory: core.ZxcvbnFactory, dictionary: common.dictionary, adjacencyGraphs: common.adjacencyGraphs }),
  );
  loading.catch(() => (loading = null));
  return loading;
}
