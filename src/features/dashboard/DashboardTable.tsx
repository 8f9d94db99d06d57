import type { ReactNode } from 'react';

/** A column after the row's header: its heading, which each cell also carries as `data-label` (the narrow screen's stacked rows show it). */
export interface DashboardColumn<T> {
  label: string;
  cell: (row: T) => ReactNode;
}

/**
 * A dashboard table (figures and the records behind them): a caption that names it, one column heading
 * per column, and each row headed by a `th scope="row"` cell, so a screen reader names a row by it
 * (the e2e tests find rows by that name). Column labels are distinct within a table, so they key the cells.
 */
export function DashboardTable<T>({ caption, head, columns, rows, rowKey, rowHeader }: {
  caption: string;
  /** The heading of the rows' header column. */
  head: ReactNode;
  columns: readonly DashboardColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowHeader: (row: T) => ReactNode;
}) {
  return (
    <table className="dashboard-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          {columns.map((c) => (
            <th scope="col" key={c.label}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)}>
            <th scope="row">{rowHeader(r)}</th>
            {columns.map((c) => (
              <td key={c.label} data-label={c.label}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
