import { useEffect, useState } from 'react';
import type { ReliefListItem, UnlockedSession } from '../../db/contracts';
import { entitlementSchema, type Entitlement } from '../../shared/schema/entitlement';

/** Re-runs `load` whenever local data changes (a save, a sync); null until the first answer. */
export function useLive<T>(session: UnlockedSession, load: () => Promise<T>, deps: unknown[]): T | null {
  const [value, setValue] = useState<T | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => session.onChange(() => setVersion((v) => v + 1)), [session]);
  useEffect(() => {
    let live = true;
    load().then(
      (v) => live && setValue(v),
      () => live && setValue(null),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what `load` reads
  }, [session, version, ...deps]);
  return value;
}

/** The county's entitlements pulled to this tablet (rows this app cannot read are skipped). */
export function useEntitlements(session: UnlockedSession): Entitlement[] | null {
  return useLive(
    session,
    async () =>
      (await session.reference.list('entitlement')).flatMap((r) => {
        const p = entitlementSchema.safeParse({ ...r.fields, id: r.id });
        return p.success ? [p.data] : [];
      }),
    [],
  );
}

/** Hand-outs on this tablet, latest first (one household's, or all). */
export function useHandouts(session: UnlockedSession, householdId?: string): ReliefListItem[] | null {
  return useLive(session, async () => (session.relief ? session.relief.list(householdId ? { householdId } : {}) : []), [householdId]);
}
