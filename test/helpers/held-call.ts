/**
 * An async function whose next call (after `holdNext()`) does its work, then waits for `release()` before
 * answering: to make a read begun earlier end after a read begun later (the conflicts page's and link's race).
 * `readDone` settles once the held call has done its work.
 */
export function heldCall<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  let hold = false;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let done!: () => void;
  const readDone = new Promise<void>((r) => (done = r));
  const call = async (...args: A): Promise<R> => {
    const held = hold;
    hold = false;
    const result = await fn(...args);
    if (held) {
      done();
      await released;
    }
    return result;
  };
  return { call, holdNext: () => void (hold = true), release, readDone };
}
