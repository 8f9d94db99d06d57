import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldEntity } from '../shared/protocol/entities';
import { useSession } from './session-context';
import './reveal-id-number.css';

/** A revealed number masks itself again after this long: a tablet left on a table shows it briefly only. */
const REVEAL_MS = 60_000;

/**
 * An ID number shown masked (3301**********1231) with a 显示 / Show button: the deliberate act of seeing
 * it in full, which the session logs for the server's audit log (privacy.md §3) before showing it.
 */
export function RevealIdNumber({
  entity,
  recordId,
  masked,
  name,
  path,
}: {
  entity: FieldEntity;
  recordId: string;
  masked: string;
  /** Whose number, for the button's accessible name (显示 欧阳明月 的完整号码). */
  name: string;
  /** Where the number is in the record (default the household head's). */
  path?: string;
}) {
  const { t } = useTranslation('adminNav');
  const session = useSession();
  const [full, setFull] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!full) return;
    const timer = setTimeout(() => setFull(null), REVEAL_MS);
    return () => clearTimeout(timer);
  }, [full]);

  if (!masked) return null;
  const reveal = async () => {
    setFailed(false);
    try {
      const value = await session.privacy.revealIdNumber(entity, recordId, path);
      if (value) setFull(value);
      else setFailed(true);
    } catch {
      setFailed(true);
    }
  };
  return (
    <span className="id-reveal">
      <span className="id-number">{full ?? masked}</span>
      <button
        type="button"
        className="link-button"
        aria-label={t(full ? 'reveal.hideLabel' : 'reveal.showLabel', { name })}
        onClick={() => (full ? setFull(null) : void reveal())}
      >
        {full ? t('reveal.hide') : t('reveal.show')}
      </button>
      {failed && (
        <span className="field-error" role="alert">
          {t('reveal.failed')}
        </span>
      )}
    </span>
  );
}
