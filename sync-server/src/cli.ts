import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { changeAccount } from './auth/change-account';
import { createUser } from './auth/create-user';
import { validateAccountArea } from './areas/validate-account-area';
import { hashPassword } from './auth/password';
import { explainIssue } from './auth/password-schema';
import { loadConfig } from './config';
import { createContext } from './context';
import { AppError } from './errors';
import { accountEditSchema, newUserSchema, passwordSchema, usernameSchema } from './routes/admin-users';
import { openStore } from './store/open-store';
import { StoreConflictError, type Store } from './store/store';

const USAGE = `Usage: npm run user -- <command> [options]
  add     --username <name> --password <pw> --role worker|supervisor|admin [--township <t>] [--county <c>] [--display-name <n>]
  list
  disable --username <name>
  enable  --username <name>
  passwd  --username <name> --password <pw>
  set     --username <name> [--role worker|supervisor|admin] [--township <t>] [--county <c>] [--display-name <n>]
          (an empty --township "" or --county "" clears it)
A password, role or area change, or disable, ends every session of the account at once.
Uses DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL), as the server does.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

async function audit(store: Store, action: string, userId: string, detail: Record<string, unknown>) {
  await store.appendAudit({ at: new Date().toISOString(), userId: null, deviceId: null, township: null, action, entity: 'user', recordId: userId, detail: { ...detail, by: 'cli' } });
}

/** Runs one CLI command; returns the exit code. Exported so tests run it in process. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = consoleIo): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, township: { type: 'string' },
      county: { type: 'string' }, 'display-name': { type: 'string' },
    },
    strict: true,
  });
  if (!command || !['add', 'list', 'disable', 'enable', 'passwd', 'set'].includes(command)) {
    io.err(USAGE);
    return 2;
  }
  const config = loadConfig(env);
  const store = await openStore(config);
  const ctx = createContext({ store, config });
  try {
    if (command === 'list') {
      for (const u of await store.listUsers()) {
        io.out([u.username, u.role, u.township ?? '-', u.county ?? '-', u.displayName, u.disabled ? 'disabled' : 'active'].join('\t'));
      }
      return 0;
    }
    const username = usernameSchema.parse(values.username);
    if (command === 'add') {
      const a = newUserSchema.parse({
        username, password: values.password, role: values.role ?? 'worker', township: values.township ?? null,
        county: values.county ?? null, displayName: values['display-name'],
      });
      const user = await createUser(ctx, { ...a, ...(await validateAccountArea(store, a.role, a)) });
      await audit(store, 'user.create', user.id, { username, role: user.role, township: user.township });
      io.out(`Created ${user.role} ${user.username}${user.township ? ` (${user.township})` : ''}.`);
      return 0;
    }
    const user = await store.getUserByUsername(username);
    if (!user) {
      io.err(`No user ${username}.`);
      return 1;
    }
    if (command === 'passwd') {
      const password = passwordSchema.parse(values.password);
      await changeAccount(ctx, user.id, { passwordHash: await hashPassword(password, config.scryptCost) }, 'user.password', { cli: true });
      io.out(`Password of ${username} changed; its sessions have ended.`);
      return 0;
    }
    if (command === 'set') {
      const clearable = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? null : v);
      const edit = accountEditSchema.parse({
        role: values.role, township: clearable(values.township), county: clearable(values.county), displayName: values['display-name'],
      });
      const changed = await changeAccount(ctx, user.id, edit, 'user.update', { cli: true });
      io.out(`${username}: ${changed!.role} ${changed!.township ?? '-'} ${changed!.county ?? '-'} ${changed!.displayName}`);
      return 0;
    }
    const disabled = command === 'disable';
    await changeAccount(ctx, user.id, { disabled }, disabled ? 'user.disable' : 'user.enable', { cli: true });
    io.out(`${username} ${disabled ? 'disabled' : 'enabled'}.`);
    return 0;
  } catch (err) {
    if (err instanceof ZodError) {
      io.err(err.issues.map((i) => `--${i.path.join('.') || 'value'}: ${explainIssue(i.message)}`).join('\n'));
      io.err(USAGE);
      return 2;
    }
    if (err instanceof AppError) {
      const issues = (err.details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
      io.err(issues ? issues.map((i) => `--${i.path}: ${i.message}`).join('\n') : `${err.code}: ${err.message}`);
      return 1;
    }
    if (err instanceof StoreConflictError) {
      io.err(`User ${values.username} already exists.`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
