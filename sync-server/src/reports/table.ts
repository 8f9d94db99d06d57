/** A table for download: one header row of Chinese column names, then the rows. */
export interface Table {
  /** The sheet name in XLSX. */
  title: string;
  headers: string[];
  rows: (string | number)[][];
  /** Columns holding digits that must stay text (ID numbers, phones): Excel would round an 18-digit number. */
  textColumns?: number[];
}
