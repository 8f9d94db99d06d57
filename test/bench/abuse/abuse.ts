import { rawLogin } from '../lib/raw-protocol';
import { startBenchServer } from '../lib/tidemark-server';
import { benchStorm, type StormResult } from '../storm/storm';
import { startAttack, type AttackKind, type AttackStats } from './attackers';

export interface AbuseOptions {
  devices?: number;
  perDevice?: number;
  log?: (line: string) => void;
}

export interface AbuseResult {
  /** The reconnect storm alone, on a fresh server. */
  baseline: StormResult;
  /** The same storm, on another fresh server, while the attackers misbehave. */
  underAttack: StormResult;
  attack: AttackStats[];
  attackers: number;
}

/** 20 misbehaving clients (issue 11 "Done when"): the findings' attacks, side by side. */
const ATTACK_PLAN: [AttackKind, number][] = [
  ['trickle-fake-token', 8],
  ['trickle-valid-token', 4],
  ['flood-fake-token', 4],
  ['guess-passwords', 4],
];

/**
 * Issue 11: 200 tablets push at once (the storm bench) while 20 clients misbehave — slow bodies with
 * made-up and with valid tokens, floods of made-up tokens, password guessing — on the server's
 * production configuration (cheap scrypt only). Every honest tablet's records must be stored exactly
 * once; the p99 push latency is reported beside the same storm without attackers.
 */
export async function benchAbuse(options: AbuseOptions = {}): Promise<AbuseResult> {
  const log = options.log ?? (() => undefined);
  const storm = { devices: options.devices, perDevice: options.perDevice, log, seed: 7 };
  log('abuse: the storm without attackers');
  const baseline = await benchStorm(storm);

  const server = await startBenchServer();
  try {
    const mallory = await server.createWorker(`mallory_${Date.now()}`);
    const session = await rawLogin(server.url, mallory.username, mallory.password);
    const attackers = ATTACK_PLAN.reduce((n, [, c]) => n + c, 0);
    log(`abuse: ${attackers} attackers start, then the same storm`);
    const attack = startAttack({ port: server.process.port, plan: ATTACK_PLAN, validToken: session.token });
    let stats: AttackStats[] = [];
    let underAttack: StormResult;
    try {
      underAttack = await benchStorm({ ...storm, server });
    } finally {
      stats = await attack.stop();
    }
    return { baseline, underAttack, attack: stats, attackers };
  } finally {
    await server.stop();
  }
}
