import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';

/** What the misbehaving clients of the abuse bench do (issue 11, findings 1 and 2). */
export type AttackKind =
  /** Announces a 1 MB push and trickles one byte every 5 s, with a made-up token (finding 1). */
  | 'trickle-fake-token'
  /** The same with a real account's token: it authenticates, so it may take a push slot. */
  | 'trickle-valid-token'
  /** Pushes with made-up tokens as fast as answers come (finding 2). */
  | 'flood-fake-token'
  /** Tries one password across ever new user names (finding 4). */
  | 'guess-passwords';

export interface AttackStats {
  kind: AttackKind;
  attackers: number;
  requests: number;
  /** HTTP status → answers; 'cut' = the server closed the connection before answering. */
  answers: Record<string, number>;
  /** Longest a trickling connection stayed open (the server cut it, or the bench ended). */
  longestHeldMs: number;
}

export interface Attack {
  stop(): Promise<AttackStats[]>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the attackers, each from an address of its own on the loopback network (127.0.0.0/8 is all
 * local on Linux), as attackers on the internet would be; the honest tablets come from 127.0.0.1.
 */
export function startAttack(options: { port: number; plan: [AttackKind, number][]; validToken: string }): Attack {
  let running = true;
  const sockets = new Set<Socket>();
  const stats = new Map<AttackKind, AttackStats>();
  const loops: Promise<void>[] = [];
  let n = 0;
  for (const [kind, count] of options.plan) {
    const s: AttackStats = { kind, attackers: count, requests: 0, answers: {}, longestHeldMs: 0 };
    stats.set(kind, s);
    for (let i = 0; i < count; i++) {
      const localAddress = `127.0.${10 + Math.floor(n / 200)}.${(n++ % 200) + 10}`;
      const answered = (status: string) => void (s.answers[status] = (s.answers[status] ?? 0) + 1);
      if (kind === 'trickle-fake-token' || kind === 'trickle-valid-token') {
        const token = kind === 'trickle-valid-token' ? options.validToken : `fake${randomUUID().replaceAll('-', '')}`;
        loops.push(trickleLoop(options.port, localAddress, token, s, answered, sockets, () => running));
      } else {
        loops.push(requestLoop(options.port, localAddress, kind, s, answered, () => running));
      }
    }
  }
  return {
    async stop() {
      running = false;
      for (const socket of sockets) socket.destroy();
      await Promise.all(loops);
      return [...stats.values()];
    },
  };
}

async function trickleLoop(
  port: number, localAddress: string, token: string, s: AttackStats, answered: (status: string) => void, sockets: Set<Socket>, running: () => boolean,
): Promise<void> {
  while (running()) {
    s.requests++;
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    sockets.add(socket);
    const opened = performance.now();
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    socket.on('error', () => undefined);
    socket.write(`POST /api/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{`);
    const timer = setInterval(() => socket.destroyed || socket.write(' '), 5000);
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    clearInterval(timer);
    sockets.delete(socket);
    s.longestHeldMs = Math.max(s.longestHeldMs, performance.now() - opened);
    answered(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? (running() ? 'cut' : 'open at the end'));
    await sleep(100);
  }
}

async function requestLoop(port: number, localAddress: string, kind: AttackKind, s: AttackStats, answered: (status: string) => void, running: () => boolean): Promise<void> {
  const agent = new Agent({ keepAlive: true, localAddress, maxSockets: 1 });
  try {
    while (running()) {
      s.requests++;
      const [path, headers, body] =
        kind === 'flood-fake-token'
          ? ['/api/sync/push', { authorization: `Bearer fake${randomUUID().replaceAll('-', '')}` }, '{"protocol":2,"deviceId":"x","changes":[]}']
          : ['/api/auth/login', {}, JSON.stringify({ username: `u${randomUUID().slice(0, 8)}`, password: 'Password123', deviceId: 'dev-guess-0001' })];
      const status = await new Promise<string>((resolve) => {
        const req = request({ port, host: '127.0.0.1', method: 'POST', path, agent, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.statusCode)));
        });
        req.on('error', () => resolve('cut'));
        req.end(body);
      });
      answered(status);
    }
  } finally {
    agent.destroy();
  }
}
