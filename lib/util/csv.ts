import Papa from 'papaparse';

/**
 * CSV for every export. papaparse quotes commas, quotes and line breaks; `escapeFormulae` prefixes a
 * cell that starts with =, +, -, @, tab or carriage return with a quote so a spreadsheet shows it as
 * text instead of running it (names and tool names come from API data anyone in the organization can set).
 */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined;
}

export function toCsv<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[]): string {
  return Papa.unparse(
    {
      fields: columns.map((c) => c.header),
      data: rows.map((row) => columns.map((c) => {
        const v = c.value(row);
        return v === null || v === undefined ? '' : v;
      })),
    },
    { escapeFormulae: true, newline: '\r\n', quotes: false },
  );
}
