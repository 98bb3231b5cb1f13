import type { ColumnDef } from '@tanstack/react-table';
import type { ExportColumn } from '../../lib/export/table.ts';

/**
 * The export columns of a DataTable, derived from its column definitions: the header it shows and the
 * accessor's raw value (ISO dates, plain numbers), unless the column's meta says otherwise
 * (`exportValue`, `exportHeader`, `exportExtra`). So a table's export always matches its columns.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function exportColumnsOf<T>(columns: ReadonlyArray<ColumnDef<T, any>>): Array<ExportColumn<T>> {
  const out: Array<ExportColumn<T>> = [];
  for (const def of columns) {
    const meta = def.meta;
    const d = def as { id?: string; header?: unknown; accessorFn?: (row: T, index: number) => unknown; accessorKey?: string };
    const header = meta?.exportHeader ?? (typeof d.header === 'string' ? d.header : (d.id ?? d.accessorKey ?? ''));
    let value: ExportColumn<T>['value'];
    if (meta?.exportValue) value = meta.exportValue;
    else if (d.accessorFn) {
      const fn = d.accessorFn;
      value = (row) => plain(fn(row, 0));
    } else if (d.accessorKey) {
      const key = d.accessorKey;
      value = (row) => plain((row as Record<string, unknown>)[key]);
    } else value = () => null;
    out.push({ header, value });
    if (meta?.exportExtra) out.push(...meta.exportExtra);
  }
  return out;
}

function plain(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}
