import { useSession } from '../../app/session-context';
import type { UnlockedSession } from '../../db/contracts';

/** session.surveys (every real session has it; the contract leaves it optional for fakes). */
export function useSurveyApi(): NonNullable<UnlockedSession['surveys']> {
  const session = useSession();
  if (!session.surveys) throw new Error('This session has no surveys API');
  return session.surveys;
}
