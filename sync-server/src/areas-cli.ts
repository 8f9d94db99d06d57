import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { parseDivisionCsv } from './areas/parse-division-csv';
import { addDivision, enterOfficialCode, importDivisions, renameDivision, retireDivision } from './areas/registry';
import type { CliIo } from './cli';
import { loadConfig } from './config';
import { createContext } from './context';
import { AppError } from './errors';
import { openStore } from './store/open-store';

const USAGE = `Usage: npm run areas -- <command> [options]
  import   <file.csv>                         codes and names (code first, name second; a header row is skipped)
  list     [--level province|city|county|township|village] [--provisional]
  add      --code <12 digits> --name <name>
  rename   --code <code> --name <name>
  retire   --code <code> --successor <code>
  official --code <provisional code> --official <12 digits> [--name <name>]
  queue                                       rows the upgrade could not give an area (resolve them in the admin page)
Uses DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL), as the server does.`;

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };
const COMMANDS = ['import', 'list', 'add', 'rename', 'retire', 'official', 'queue'];

/** The division registry from the command line (issue 10). Returns the exit code; tests run it in process. */
export async function runAreasCli(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = consoleIo): Promise<number> {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest, allowPositionals: true, strict: true,
      options: {
        code: { type: 'string' }, name: { type: 'string' }, successor: { type: 'string' }, official: { type: 'string' },
        level: { type: 'string' }, provisional: { type: 'boolean' },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (!command || !COMMANDS.includes(command)) {
    io.err(USAGE);
    return 2;
  }
  const config = loadConfig(env);
  const store = await openStore(config);
  const ctx = createContext({ store, config });
  const by = { userId: null, deviceId: null, via: 'cli' };
  try {
    if (command === 'import') {
      const file = positionals[0];
      if (!file) throw new UsageError('import needs a CSV file');
      const { added, skipped } = await importDivisions(ctx, parseDivisionCsv(readFileSync(file, 'utf8')), by);
      io.out(`Imported ${added} divisions (${skipped} already registered).`);
    } else if (command === 'list') {
      for (const d of await store.listDivisions()) {
        if ((values.level && d.level !== values.level) || (values.provisional && !d.provisional)) continue;
        const notes = [d.provisional ? 'needs the official code' : '', d.status === 'retired' ? `retired → ${d.successorCode}` : ''].filter(Boolean).join('; ');
        io.out([d.code, d.level, d.name, notes].join('\t').trimEnd());
      }
    } else if (command === 'add') {
      const d = await addDivision(ctx, { code: values.code, name: values.name }, by);
      io.out(`Added ${d.level} ${d.code} ${d.name}.`);
    } else if (command === 'rename') {
      const d = await renameDivision(ctx, required(values.code, 'code'), required(values.name, 'name'), by);
      io.out(`Renamed ${d.code} to ${d.name}.`);
    } else if (command === 'retire') {
      const d = await retireDivision(ctx, required(values.code, 'code'), required(values.successor, 'successor'), by);
      io.out(`Retired ${d.code}; its successor is ${d.successorCode}.`);
    } else if (command === 'official') {
      const { official, retired } = await enterOfficialCode(ctx, required(values.code, 'code'), { code: required(values.official, 'official'), ...(values.name ? { name: values.name } : {}) }, by);
      io.out(`${retired.code} is succeeded by ${official.code} ${official.name}.`);
    } else {
      for (const q of await store.listAreaQueue({ open: true })) {
        io.out([q.id, q.kind, q.entity ?? '', q.recordId ?? q.sha256 ?? q.auditId ?? '', q.writtenTownship, q.candidates.join(',') || '(none)'].join('\t'));
      }
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof AppError || err instanceof ZodError) {
      const issues = err instanceof ZodError ? err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) : (err.details as { allIssues?: unknown[]; issues?: unknown[] } | undefined)?.allIssues ?? (err.details as { issues?: unknown[] } | undefined)?.issues ?? [];
      io.err(`Refused: ${err.message}`);
      for (const i of issues as { path: string; message: string }[]) io.err(`  ${i.path}: ${i.message}`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}

class UsageError extends Error {}
function required(v: string | undefined, name: string): string {
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runAreasCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
