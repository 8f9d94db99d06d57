import type { AppContext } from '../context';
import { createUser } from './create-user';
import { checkPassword, explainIssue } from './password-schema';

/**
 * The first start creates the administrator (role admin, no township). The password is ADMIN_PASSWORD,
 * or a generated one that is returned so main.ts can print it once; it is stored only as a hash.
 *
 * ADMIN_PASSWORD passes the same password policy as every other account (issue 11 §4): a weak one is
 * refused before anything is written, so the server does not start with an administrator anyone could
 * guess. Once the administrator exists ADMIN_PASSWORD is not read any more, so it is not checked then.
 */
export async function ensureAdmin(
  ctx: Pick<AppContext, 'store' | 'clock' | 'random' | 'config'>,
): Promise<{ created: boolean; username: string; generatedPassword: string | null }> {
  const username = ctx.config.adminUsername;
  if (await ctx.store.getUserByUsername(username)) return { created: false, username, generatedPassword: null };
  const chosen = ctx.config.adminPassword;
  if (chosen) {
    const problem = checkPassword(chosen, [username]);
    if (problem) {
      throw new Error(
        `ADMIN_PASSWORD is too weak (${explainIssue(`password.${problem}`)}). ` +
          'Choose a longer passphrase of several words, or unset ADMIN_PASSWORD to have a strong password generated and printed once.',
      );
    }
  }
  const generatedPassword = chosen ? null : generatePassword(ctx.random);
  const user = await createUser(ctx, {
    username,
    password: chosen ?? generatedPassword!,
    role: 'admin',
    township: null,
    county: null,
    displayName: 'Administrator',
  });
  await ctx.store.appendAudit({
    at: ctx.clock().toISOString(), userId: null, deviceId: null, township: null, action: 'user.create',
    entity: 'user', recordId: user.id, detail: { username, role: 'admin', by: 'first-start' },
  });
  return { created: true, username, generatedPassword };
}

/** 16 random base64url characters (96 bits), drawn again in the unlikely case the policy finds a pattern in them. */
function generatePassword(random: AppContext['random']): string {
  for (;;) {
    const candidate = random.bytes(12).toString('base64url');
    if (checkPassword(candidate) === null) return candidate;
  }
}
