import type { FastifyInstance } from 'fastify';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Every API route of the app, read from Fastify's own route table, so a route added later is checked
 * too. Parses `printRoutes({ commonPrefix: false })`: one line per node, children indented under
 * their parent.
 */
export function apiRoutes(app: FastifyInstance): { method: Method; url: string }[] {
  const out: { method: Method; url: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)(?:├── |└── )(\S+) \(([^)]+)\)/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const url = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
    stack[depth] = url;
    for (const method of m[3]!.split(',').map((x) => x.trim())) if (method !== 'HEAD') out.push({ method: method as Method, url });
  }
  return out.filter((r) => r.url.startsWith('/api/'));
}
