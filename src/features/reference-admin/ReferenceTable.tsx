import type { AreaDirectory } from '../areas/area-directory';
import { useAreaDirectory } from '../areas/AreaDirectoryContext';
import { AreaName } from '../areas/AreaName';
import type { AdminReferenceRecord } from './reference-api';
import type { Columns } from './record-columns';
import { useReferenceAdminText } from './useReferenceAdminText';

/** One kind's records, each with an edit button (and, for a policy, "new version"). */
export function ReferenceTable({
  caption,
  records,
  columns,
  onEdit,
  onNewVersion,
}: {
  caption: string;
  records: AdminReferenceRecord[];
  columns: Columns;
  onEdit: (r: AdminReferenceRecord) => void;
  onNewVersion?: (r: AdminReferenceRecord) => void;
}) {
  const { t } = useReferenceAdminText();
  const directory = useAreaDirectory();
  if (records.length === 0) return <p className="empty">{t('empty')}</p>;
  return (
    <div className="table-scroll">
      <table className="reference-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
            <th scope="col">{t('version')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => {
            const name = columns.name(r.fields);
            return (
              <tr key={r.id}>
                {columns.cells(r.fields).map((c, i) => (
                  <td key={i}>{typeof c === 'string' ? c : <Areas codes={c.areas} directory={directory} />}</td>
                ))}
                <td>{r.version}</td>
                <td className="row-actions">
                  <button type="button" aria-label={t('editLabel', { name })} onClick={() => onEdit(r)}>
                    {t('edit')}
                  </button>
                  {onNewVersion && (
                    <button type="button" aria-label={t('newVersionLabel', { name })} onClick={() => onNewVersion(r)}>
                      {t('newVersion')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Area codes by name, the code as secondary text, separated by 、. */
function Areas({ codes, directory }: { codes: string[]; directory: AreaDirectory | null }) {
  return (
    <>
      {codes.map((code, i) => (
        <span key={code}>
          {i > 0 && '、'}
          <AreaName code={code} directory={directory} />
        </span>
      ))}
    </>
  );
}
