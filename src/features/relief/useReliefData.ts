import { useSessionQuery } from '../../app/useSessionQuery';
import type { ReliefListItem, UnlockedSession } from '../../db/contracts';
import { entitlementSchema, type Entitlement } from '../../shared/schema/entitlement';

/** The county's entitlements pulled to this tablet (rows this app cannot read are skipped). */
export function useEntitlements(session: UnlockedSession): Entitlement[] | null {
  return useSessionQuery(
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
  return useSessionQuery(session, async () => (session.relief ? session.relief.list(householdId ? { householdId } : {}) : []), [householdId]);
}
