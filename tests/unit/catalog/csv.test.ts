import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../lib/catalog/csv.ts';

const fields = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it('reads CRLF records, with or without a final line break', () => {
    expect(fields('a,b\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(fields('a,b\r\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(fields('a,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(fields('a,b\r1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps empty fields, including trailing ones', () => {
    expect(fields('a,,c,\r\n')).toEqual([['a', '', 'c', '']]);
    expect(fields(',\n')).toEqual([['', '']]);
  });

  it('reads quoted fields with commas, line breaks and doubled quotes', () => {
    const text = 'id,notes\r\n1,"red team, round 2"\r\n2,"line one\r\nline two"\r\n3,"she said ""ok"""\r\n4,""\r\n';
    expect(fields(text)).toEqual([
      ['id', 'notes'],
      ['1', 'red team, round 2'],
      ['2', 'line one\r\nline two'],
      ['3', 'she said "ok"'],
      ['4', ''],
    ]);
  });

  it('reports the line each record starts on, counting line breaks inside quotes', () => {
    const r = parseCsv('h\n"a\nb\nc"\nnext\n');
    expect(r.records.map((x) => [x.index, x.line])).toEqual([
      [1, 1],
      [2, 2],
      [3, 5],
    ]);
  });

  it('skips blank lines and a byte-order mark, keeps spaces inside unquoted fields', () => {
    expect(fields('\uFEFFa,b\n\n 1 ,2\n\n')).toEqual([['a', 'b'], [' 1 ', '2']]);
  });

  it('tolerates spaces around a quoted field', () => {
    expect(fields('a, "b, c" ,d')).toEqual([['a', 'b, c', 'd']]);
  });

  it('reports a quote inside an unquoted field and carries on with the next record', () => {
    const r = parseCsv('h1,h2\nab"c,d\nok,1\n');
    expect(r.records.map((x) => x.fields)).toEqual([['h1', 'h2'], ['ok', '1']]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ index: 2, line: 2 });
    expect(r.errors[0]!.message).toMatch(/double quote inside an unquoted field/);
  });

  it('reports text after a closing quote', () => {
    const r = parseCsv('"abc"def,1\n');
    expect(r.records).toEqual([]);
    expect(r.errors[0]!.message).toMatch(/Text after a closing quote on line 1/);
  });

  it('reports a quote that is never closed', () => {
    const r = parseCsv('h\n"open field\nmore\n');
    expect(r.records.map((x) => x.fields)).toEqual([['h']]);
    expect(r.errors).toEqual([{ index: 2, line: 2, message: expect.stringMatching(/starts on line 2 is never closed/) }]);
  });

  it('returns nothing for empty input', () => {
    expect(parseCsv('')).toEqual({ records: [], errors: [] });
  });
});
