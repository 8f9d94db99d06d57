import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';
import { createPasswordCheck, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../src/shared/rules/password-policy';

/** The shared password policy with its dictionaries loaded once (the server has no bundle to keep light). */
const checkPassword = createPasswordCheck({ Factory: ZxcvbnFactory, dictionary, adjacencyGraphs });

/**
 * A new password, for the admin API and the `user` command (issue 11 §4). A refusal names the reason as
 * `password.<problem>`, which the admin page translates (`validation.password.*`).
 */
export const passwordSchema = z
  .string()
  .max(PASSWORD_MAX_LENGTH, 'password.tooLong')
  .superRefine((password, ctx) => {
    const problem = checkPassword(password);
    if (problem) ctx.addIssue({ code: 'custom', message: `password.${problem}` });
  });

/** The reasons in words, for the `user` command (the admin page has them in its i18n files). */
const REASONS: Record<string, string> = {
  'password.tooShort': `shorter than ${PASSWORD_MIN_LENGTH} characters`,
  'password.tooLong': `longer than ${PASSWORD_MAX_LENGTH} characters`,
  'password.common': 'a common password, or too close to one',
  'password.keyboard': 'a keyboard pattern',
  'password.repeated': 'repeated characters',
  'password.sequence': 'a sequence such as abcd or 1234',
  'password.date': 'a date or a year',
  'password.personal': 'contains the user name',
  'password.guessable': 'too easy to guess; use a longer passphrase of several words',
};

/** `password.common — a common password, or too close to one`; other messages as they are. */
export const explainIssue = (message: string): string => (REASONS[message] ? `${message} — ${REASONS[message]}` : message);
