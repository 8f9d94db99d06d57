import { useWorkCalendarText } from './useWorkCalendarText';

export interface DayRow {
  date: string;
  name: string;
}

/** One list of the year (holidays or adjusted working days) as editable rows, each control labelled. */
export function DayRows({ list, rows, onChange, addLabel }: { list: string; rows: DayRow[]; onChange: (rows: DayRow[]) => void; addLabel: string }) {
  const { t } = useWorkCalendarText();
  const set = (i: number, patch: Partial<DayRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <>
      <table className="day-rows">
        <caption>{list}</caption>
        <thead>
          <tr>
            <th scope="col">{t('date')}</th>
            <th scope="col">{t('name')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>
                <input type="date" aria-label={t('rowDate', { list, n: i + 1 })} value={r.date} onChange={(e) => set(i, { date: e.target.value })} />
              </td>
              <td>
                <input type="text" maxLength={40} aria-label={t('rowName', { list, n: i + 1 })} value={r.name} onChange={(e) => set(i, { name: e.target.value })} />
              </td>
              <td>
                <button type="button" aria-label={t('remove', { list, n: i + 1 })} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  {t('removeShort')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => onChange([...rows, { date: '', name: '' }])}>
        {addLabel}
      </button>
    </>
  );
}
