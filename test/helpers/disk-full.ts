import type Dexie from 'dexie';

/** Makes every write to `table` fail like a full disk, while `full()` says so. */
export function diskFullAddon(table: string, full: () => boolean, wrapped: boolean) {
  return (db: Dexie) => {
    db.use({
      stack: 'dbcore',
      name: 'disk-full',
      create: (down) => ({
        ...down,
        table: (name) => {
          const t = down.table(name);
          if (name !== table) return t;
          return {
            ...t,
            mutate: (req) => {
              if (!full()) return t.mutate(req);
              const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
              return Promise.reject(wrapped ? Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: quota }) : quota);
            },
          };
        },
      }),
    });
  };
}
