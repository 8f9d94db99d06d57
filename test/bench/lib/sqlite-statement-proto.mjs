// better-sqlite3's Statement prototype (issue 14 and 18 hooks: sqlite-statement-hook.mjs, statement-count-hook.mjs):
// the class is not exported, so it is taken from a statement of a throwaway in-memory database.
export function statementPrototype(Database) {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1'));
  probe.close();
  return proto;
}

/** Wraps the statement-running methods (all, get, run, iterate) of every statement with `wrap(method, original)`. */
export function wrapStatementRuns(Database, wrap) {
  const proto = statementPrototype(Database);
  for (const m of ['all', 'get', 'run', 'iterate']) proto[m] = wrap(m, proto[m]);
}
