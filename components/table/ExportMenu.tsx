import { exportFileName, exportTable, type ExportColumn, type ExportFormat } from '../../lib/export/table.ts';
import { downloadText } from '../download.ts';

export interface ExportMenuProps<T> {
  /** What the table is, for the file name and the buttons' accessible names ("Models", "Spend by model, 2026-11"). */
  label: string;
  /** The rows as the table shows them now (filtered and sorted); read when a button is clicked. */
  rows: () => readonly T[];
  columns: ReadonlyArray<ExportColumn<T>>;
  /** For tests: the clock. */
  now?: () => Date;
}

/**
 * "Export: CSV · JSON" for a table. Downloads exactly the rows and columns the table shows, as a file
 * named `claude-enterprise-<table>-<yyyy-mm-dd>.csv|json`, through a Blob URL (no extra permission).
 * DataTable shows it when given `exportAs`; other tables render it beside their caption.
 */
export function ExportMenu<T>({ label, rows, columns, now }: ExportMenuProps<T>) {
  const save = (format: ExportFormat) => {
    const { text, mime } = exportTable(format, rows(), columns);
    downloadText(text, exportFileName(label, format, now?.() ?? new Date()), mime);
  };
  return (
    <div className="export-menu" role="group" aria-label={`Export ${label}`}>
      <span className="muted" aria-hidden="true">
        Export
      </span>
      <button type="button" className="small" aria-label={`Download ${label} as CSV`} title="Download these rows as CSV (opens in spreadsheets)" onClick={() => save('csv')}>
        CSV
      </button>
      <button type="button" className="small" aria-label={`Download ${label} as JSON`} title="Download these rows as JSON" onClick={() => save('json')}>
        JSON
      </button>
    </div>
  );
}
