import type { RowData, SortingState } from '@tanstack/react-table';
import type { ExportColumn, ExportValue } from '../../lib/export/table.ts';

declare module '@tanstack/react-table' {
  // Extra, per-column presentation data read by DataTable.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** CSS width of the column (the table uses a fixed layout, so virtualized rows never shift columns). */
    width?: string;
    /** Right-align (numbers). */
    numeric?: boolean;
    /** A sentence explaining the column, shown as the header's tooltip and description. */
    description?: string;
    /** The value exported for this column (CSV/JSON) when the accessor's value is not the raw fact (e.g. a sort key). */
    exportValue?: (row: TData) => ExportValue;
    /** Exported header when it differs from the shown one (e.g. "Spend (USD)"). */
    exportHeader?: string;
    /** Columns exported right after this one: facts the cell shows on a second line (the raw id under a name). */
    exportExtra?: ReadonlyArray<ExportColumn<TData>>;
  }
}

/** Everything a table needs to come back exactly as the admin left it (kept by the page across routes). */
export interface TableViewState {
  sorting: SortingState;
  search: string;
  /** Id of the row that has (or last had) keyboard focus. */
  activeId: string | null;
  scrollTop: number;
}

export const initialTableState = (sorting: SortingState = []): TableViewState => ({ sorting, search: '', activeId: null, scrollTop: 0 });
