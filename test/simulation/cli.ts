/**
 * `npm run simulate -- --seeds 1000` (seeds 1..1000 on both stores), `--seed 17 --store postgres` (replay
 * one), `--from 500`, `--tablets 6`, `--steps 80`, `--trace` (print every step and request). Runs simulation.test.ts through vitest, so the
 * PostgreSQL comes from the same global setup as the tests: DATABASE_URL, else the embedded PGlite
 * (which cannot show concurrency bugs: the output says so).
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const env: Record<string, string> = {};
for (let i = 0; i < args.length; i++) {
  const [flag, value] = [args[i], args[i + 1]];
  const take = (name: string) => {
    if (value === undefined) throw new Error(`${flag} needs a value`);
    env[name] = value;
    i++;
  };
  if (flag === '--seeds') take('SIM_SEEDS');
  else if (flag === '--seed') take('SIM_SEED');
  else if (flag === '--from') take('SIM_FROM');
  else if (flag === '--store') take('SIM_STORE');
  else if (flag === '--tablets') take('SIM_TABLETS');
  else if (flag === '--steps') take('SIM_STEPS');
  else if (flag === '--trace') env.SIM_TRACE = '1'; // every step and request, to read a failing seed
  else {
    console.error(`unknown option ${flag}: use --seeds N | --seed S [--store sqlite|postgres|sqlite,postgres] [--from N] [--tablets N] [--steps N] [--trace]`);
    process.exit(2);
  }
}
if (env.SIM_STORE === 'both') env.SIM_STORE = 'sqlite,postgres';
const run = spawnSync('npx', ['vitest', 'run', '--project', 'client', 'test/simulation/simulation.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, ...env },
});
process.exit(run.status ?? 1);
