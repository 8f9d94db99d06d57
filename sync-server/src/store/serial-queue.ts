/**
 * Runs async tasks one after another. better-sqlite3 has one synchronous connection; the Store
 * interface is async, so a transaction spans awaits. Queuing every operation keeps another request's
 * statement from running inside (or reading the uncommitted state of) an open transaction.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    // The chain must survive a failed task; the caller still sees the failure through `result`.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
