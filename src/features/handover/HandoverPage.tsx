import { useId } from 'react';
import { useSession } from '../../app/session-context';
import { useSyncState } from '../../app/useSyncState';
import { useHandoverText } from '../../i18n/handover.texts';
import { CarrySection } from './CarrySection';
import { ExportSection } from './ExportSection';
import { ImportSection } from './ImportSection';

/**
 * 文件交接 (issue 17): a worker exports the tablet's queue as an encrypted file and may carry a
 * colleague's; a supervisor or an administrator imports files at the county (online).
 */
export function HandoverPage() {
  const { t } = useHandoverText();
  const session = useSession();
  const sync = useSyncState(session);
  const id = useId();
  const handover = session.handover;
  if (!handover) return null;
  return (
    <section aria-labelledby={`${id}-title`} className="handover-page">
      <h2 id={`${id}-title`}>{t('title')}</h2>
      {session.user.role === 'worker' ? (
        <>
          <ExportSection handover={handover} handedOver={sync.handedOver ?? 0} />
          <CarrySection handover={handover} />
        </>
      ) : (
        <ImportSection handover={handover} online={session.online()} />
      )}
    </section>
  );
}
