const PHASES = ['sync', 'ingest', 'storm', 'abuse', 'tablet', 'size', 'dashboard'] as const;
type Phase = (typeof PHASES)[number];

export interface BenchArgs {
  n: number;
  tabletN: number;
  phases: Set<Phase>;
  tidemarkClient: 'chromium' | 'node';
  stormDevices: number;
  stormPerDevice: number;
  readme: boolean;
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return v;
}

/**
 * `npm run bench -- [--n 10000] [--tablet-n 50000] [--only sync,ingest,...] [--client chromium|node]
 * [--storm-devices 200] [--storm-records 50] [--readme]`; BENCH_N and BENCH_TABLET_N work too.
 */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchArgs {
  const opts = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [key, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (key === 'readme') flags.add(key);
    else opts.set(key, inline ?? argv[++i] ?? '');
  }
  for (const k of opts.keys()) if (!['n', 'tablet-n', 'only', 'client', 'storm-devices', 'storm-records'].includes(k)) throw new Error(`unknown option --${k}`);
  const only = opts.get('only');
  const phases = new Set<Phase>(only ? (only.split(',').map((s) => s.trim()) as Phase[]) : PHASES);
  for (const ph of phases) if (!PHASES.includes(ph)) throw new Error(`unknown phase ${ph} (${PHASES.join(', ')})`);
  const client = opts.get('client') ?? 'chromium';
  if (client !== 'chromium' && client !== 'node') throw new Error('--client is chromium or node');
  return {
    n: positive('--n / BENCH_N', opts.get('n') ?? env.BENCH_N, 10_000),
    tabletN: positive('--tablet-n / BENCH_TABLET_N', opts.get('tablet-n') ?? env.BENCH_TABLET_N, 50_000),
    phases,
    tidemarkClient: client,
    stormDevices: positive('--storm-devices', opts.get('storm-devices'), 200),
    stormPerDevice: positive('--storm-records', opts.get('storm-records'), 50),
    readme: flags.has('readme'),
  };
}
