import { useSessionQuery } from '../../app/useSessionQuery';
import type { SurveyListItem, UnlockedSession } from '../../db/contracts';

/** The surveys on this tablet and the current draft, re-read whenever local data changes (a save, a sync). */
export function useSurveyList(session: UnlockedSession): { items: SurveyListItem[]; currentDraft: string | null } | null {
  return useSessionQuery(
    session,
    async () => {
      const [items, currentDraft] = await Promise.all([session.surveys.list(), session.surveys.currentDraft()]);
      return { items, currentDraft };
    },
    [],
    { items: [], currentDraft: null },
  );
}
