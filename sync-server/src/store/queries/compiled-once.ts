import type { CompiledQuery } from 'kysely';
import type { QueryDialect } from './query-builder';
import { compiledText } from './compiled-text';

/**
 * A query whose text never changes, compiled once per dialect (issue 14): every request's session,
 * account and client-id look-ups would otherwise pay Kysely's compiler (tens of microseconds each,
 * more with the PostgreSQL schema plugin) for the same text. `parameters` are the query's values in
 * the order the text takes them; the first compile checks they are exactly what Kysely produced.
 */
const texts = new WeakMap<object, Map<string, string>>();

/** `q`: the builder the text is compiled with (a store's QueryDialect, the counter's CountedDb): one text per builder and name. */
export function compiledOnce(q: QueryDialect | object, name: string, parameters: readonly unknown[], compile: () => CompiledQuery): CompiledQuery {
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

/**
 * A multi-row INSERT compiled once per (builder, name, number of rows): its text depends only on the count.
 * The parameters are the rows' values in `columns` order, row after row (an undefined value as null, what
 * Kysely's DEFAULT gives these tables' columns, none of which has a default), which is the order Kysely
 * gives them; the first compile of each count, from the rows in that form, checks they are exactly Kysely's.
 */
export function multiRowOnce<T>(q: object, name: string, rows: readonly T[], columns: readonly (keyof T & string)[], compile: (rows: Record<string, unknown>[]) => CompiledQuery): CompiledQuery {
  const parameters: unknown[] = [];
  for (const r of rows) {
    for (const c of columns) {
      const v = r[c];
      parameters.push(v === undefined ? null : v);
    }
  }
  return compiledOnce(q, `${name}:${rows.length}`, parameters, () => {
    // A value in a row but not in `columns` would be left out of the statement without a word.
    const unlisted = rows.flatMap((r) => Object.keys(r as object)).filter((k) => !(columns as readonly string[]).includes(k));
    if (unlisted.length) throw new Error(`${name}: values of columns not listed: ${[...new Set(unlisted)].join(', ')}`);
    let at = 0;
    return compile(rows.map(() => Object.fromEntries(columns.map((c) => [c, parameters[at++]]))));
  });
}
