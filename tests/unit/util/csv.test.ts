import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { toCsv } from '../../../lib/util/csv.ts';

const cols = [
  { header: 'name', value: (r: { name: string | null; n: number }) => r.name },
  { header: 'n', value: (r: { name: string | null; n: number }) => r.n },
];

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks so the file parses back to the same cells', () => {
    const rows = [{ name: 'a, "b"\nc', n: 1 }, { name: null, n: 2 }];
    const csv = toCsv(rows, cols);
    expect(csv.split('\r\n')[0]).toBe('name,n');
    const back = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
    expect(back).toEqual([['name', 'n'], ['a, "b"\nc', '1'], ['', '2']]);
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      const cell = Papa.parse<string[]>(toCsv([{ name: evil, n: 0 }], cols)).data[1]![0]!;
      expect(cell.startsWith("'")).toBe(true);
      expect(cell.slice(1)).toBe(evil);
    }
  });
});
