import { useAreasText } from '../../i18n/areas.texts';
import type { AreaDirectory } from './area-directory';
import './areas.css';

/**
 * An area as a table shows it: the name, then the code as secondary text (names repeat across counties:
 * the code tells them apart), and 已停用 for a retired area. Without the registry (still loading, or
 * not readable) the code alone, never a guess.
 */
export function AreaName({ code, directory }: { code: string | null | undefined; directory: AreaDirectory | null }) {
  const { t } = useAreasText();
  if (!code) return null;
  const a = directory?.label(code);
  if (!a || !a.known) return <span className="area-code">{code}</span>;
  return (
    <span className="area-name">
      {a.name} <span className="area-code">{code}</span>
      {a.retired && <span className="area-retired">{t('picker.retiredMark')}</span>}
    </span>
  );
}
