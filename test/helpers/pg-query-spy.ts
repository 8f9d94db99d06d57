import pg from 'pg';

/** One call of pg.Client#query as the spy sees it: the statement's text, and its config when given as one. */
export interface SpiedQuery {
  text: string;
  config: { name?: string; text?: string; values?: unknown[] } | null;
  /** The values passed beside a text (`query(text, values)`). */
  values: unknown[] | undefined;
}

/**
 * Calls `seen` with every query of every `pg` client (each call is one round trip: `pg` sends the next
 * only once the previous one is answered), before it is sent; `restore` puts the real method back.
 */
export function spyOnPgQueries(seen: (client: object, q: SpiedQuery) => void): { restore(): void } {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const real = proto.query;
  proto.query = function (this: object, ...args: unknown[]) {
    const first = args[0] as string | SpiedQuery['config'] | undefined;
    const config = typeof first === 'object' && first !== null ? first : null;
    seen(this, { text: typeof first === 'string' ? first : (config?.text ?? ''), config, values: Array.isArray(args[1]) ? args[1] : undefined });
    return real.apply(this, args);
  };
  return {
    restore() {
      proto.query = real;
    },
  };
}
