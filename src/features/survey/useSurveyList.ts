import { useEffect, useState } from 'react';
import type { SurveyListItem, UnlockedSession } from '../../db/contracts';

/** The surveys on this tablet and the current draft, re-read whenever local data changes (a save, a sync). */
export function useSurveyList(session: UnlockedSession): { items: SurveyListItem[]; currentDraft: string | null } | null {
  const [data, setData] = useState<{ items: SurveyListItem[]; currentDraft: string | null } | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => session.onChange(() => setVersion((v) => v + 1)), [session]);
  useEffect(() => {
    const api = session.surveys;
    let live = true;
    Promise.all([api.list(), api.currentDraft()]).then(
      ([items, currentDraft]) => live && setData({ items, currentDraft }),
      () => live && setData({ items: [], currentDraft: null }),
    );
    return () => {
      live = false;
    };
  }, [session, version]);
  return data;
}
