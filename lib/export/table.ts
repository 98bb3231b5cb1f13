import Big from 'big.js';
import { toCsv, type CsvColumn } from '../util/csv.ts';

/**
 * Exports of a table as the admin sees it: the rows it shows (after its filter and sort) and its columns,
 * as CSV (one writer, lib/util/csv.ts, formula cells neutralised) or JSON. Pure: the page hands over the
 * rows and the columns; a Blob URL download is the page's business.
 */
export type ExportValue = string | number | boolean | null | undefined;

/** One exported column: its header (as the table shows it) and the raw value of a row (ISO dates, exact amounts). */
export type ExportColumn<Row> = CsvColumn<Row>;

export type ExportFormat = 'csv' | 'json';

/** The product-ish prefix of every exported file name. */
export const EXPORT_FILE_PREFIX = 'claude-enterprise';

/** A file-name-safe slug: "Spend by model, 2026-11" → "spend-by-model-2026-11". */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return s || 'table';
}

/** `claude-enterprise-<table>-<yyyy-mm-dd>.<ext>` (the date is the UTC day of `now`). */
export function exportFileName(table: string, format: ExportFormat | 'cdx.json' | 'backup.json', now: Date): string {
  return `${EXPORT_FILE_PREFIX}-${slug(table)}-${now.toISOString().slice(0, 10)}.${format}`;
}

export function tableCsv<Row>(rows: readonly Row[], columns: readonly ExportColumn<Row>[]): string {
  return toCsv(rows, columns);
}

/** JSON: an array with one object per row, keyed by column header, values typed (numbers stay numbers; unknown is null). */
export function tableJsonRows<Row>(rows: readonly Row[], columns: readonly ExportColumn<Row>[]): Array<Record<string, string | number | boolean | null>> {
  return rows.map((row) => {
    const out: Record<string, string | number | boolean | null> = {};
    for (const c of columns) {
      const v = c.value(row);
      out[c.header] = v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v;
    }
    return out;
  });
}

export function tableJson<Row>(rows: readonly Row[], columns: readonly ExportColumn<Row>[]): string {
  return `${JSON.stringify(tableJsonRows(rows, columns), null, 2)}\n`;
}

/** The exported file's text and MIME type. */
export function exportTable<Row>(format: ExportFormat, rows: readonly Row[], columns: readonly ExportColumn<Row>[]): { text: string; mime: string } {
  return format === 'csv'
    ? // A byte order mark so spreadsheet programs read UTF-8 names correctly.
      { text: `\uFEFF${tableCsv(rows, columns)}\r\n`, mime: 'text/csv;charset=utf-8' }
    : { text: tableJson(rows, columns), mime: 'application/json' };
}

/** Exact dollars from a cents string ("41280.5" → "412.805"), for exports (the screen rounds; a file keeps every digit). */
export function centsToDollars(cents: string | null | undefined): string | null {
  if (cents === null || cents === undefined || cents === '') return null;
  try {
    return new Big(cents).div(100).toFixed();
  } catch {
    return null;
  }
}
