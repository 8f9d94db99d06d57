/** A fetch that counts the requests made through it while counting is on. */
export interface CountingFetch {
  fetch: typeof fetch;
  start(): void;
  stop(): number;
}

export function countingFetch(inner: typeof fetch = (i, o) => globalThis.fetch(i, o)): CountingFetch {
  let n = 0;
  let on = false;
  return {
    fetch: (input, init) => {
      if (on) n++;
      return inner(input, init);
    },
    start: () => {
      n = 0;
      on = true;
    },
    stop: () => {
      on = false;
      return n;
    },
  };
}
