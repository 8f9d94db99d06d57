import { useSession } from '../../app/session-context';
import type { UnlockedSession } from '../../db/contracts';

/** The session's surveys API. */
export function useSurveyApi(): UnlockedSession['surveys'] {
  return useSession().surveys;
}
