import type { CompiledQuery } from 'kysely';
import type { QueryDialect } from './query-builder';
import { compiledText } from './compiled-text';

/**
 * A query whose text never changes, compiled once per dialect (issue 14): every request's session,
 * account and client-id look-ups would otherwise pay Kysely's compiler (tens of microseconds each,
 * more with the PostgreSQL schema plugin) for the same text. `parameters` are the query's values in
 * the order the text takes them; the first compile checks they are exactly what Kysely produced.
 */
const texts = new WeakMap<QueryDialect, Map<string, string>>();

export function compiledOnce(q: QueryDialect, name: string, parameters: readonly unknown[], compile: () => CompiledQuery): CompiledQuery {
  let byName = texts.get(q);
  if (!byName) texts.set(q, (byName = new Map()));
  let text = byName.get(name);
  if (text === undefined) {
    const compiled = compile();
    const same = compiled.parameters.length === parameters.length && compiled.parameters.every((p, i) => p === parameters[i]);
    if (!same) throw new Error(`${name}: the compiled query takes other parameters than given`);
    byName.set(name, (text = compiled.sql));
  }
  return compiledText(text, parameters);
}
