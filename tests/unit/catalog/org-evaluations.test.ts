import { describe, expect, it } from 'vitest';
import { evidenceFor } from '../../../lib/catalog/models.ts';
import { importOrgEvaluations, parseStoredEvaluations, type ImportResult } from '../../../lib/catalog/org-evaluations.ts';

const AT = '2026-11-22T10:00:00.000Z';
const HEADER = 'model_id,category,value,unit,source,date,notes';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';
const run = (text: string, fileName?: string): ImportResult => importOrgEvaluations(text, { importedAt: AT, ...(fileName ? { fileName } : {}) });
const onlyError = (r: ImportResult) => {
  expect(r.records).toEqual([]);
  expect(r.errors).toHaveLength(1);
  return r.errors[0]!;
};

describe('importOrgEvaluations — JSON', () => {
  it('imports an array of results as §2.4 records tagged imported', () => {
    const text = JSON.stringify([
      {
        model_id: 'claude-opus-4-7',
        category: 'Insecure code generation',
        value: 412,
        unit: 'index_0_1000',
        source: 'Acme red team, run 7',
        date: '2026-10-02',
        notes: 'CWE subset',
      },
      { model: 'claude-sonnet-4-6', category: 'bias', value: '3.5', unit: '%', source: 'https://example.com/bbq-report', date: '2026-09', metric: 'BBQ ambiguous bias' },
    ]);
    const r = run(text, 'results.json');
    expect(r.format).toBe('json');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.records).toEqual([
      {
        model_id: 'claude-opus-4-7',
        model_id_as_given: 'claude-opus-4-7',
        category: 'insecure_code',
        metric_name: null,
        value: 412,
        unit: 'index_0_1000',
        direction: 'lower_is_better',
        source_title: 'Acme red team, run 7',
        source_url: null,
        source_section: null,
        source_version_or_date: '2026-10-02',
        licence: null,
        retrieved_at: null,
        imported: true,
        notes: 'CWE subset',
        imported_at: AT,
      },
      {
        model_id: 'claude-sonnet-4-6',
        model_id_as_given: 'claude-sonnet-4-6',
        category: 'bias',
        metric_name: 'BBQ ambiguous bias',
        value: 3.5,
        unit: 'percent',
        direction: null,
        source_title: 'https://example.com/bbq-report',
        source_url: 'https://example.com/bbq-report',
        source_section: null,
        source_version_or_date: '2026-09',
        licence: null,
        retrieved_at: null,
        imported: true,
        notes: null,
        imported_at: AT,
      },
    ]);
    // The imported records show up in the risk profile of their model only.
    expect(evidenceFor('claude-opus-4-7', { extra: r.records }).insecure_code).toHaveLength(1);
    expect(evidenceFor('claude-opus-4-8', { extra: r.records }).insecure_code).toHaveLength(0);
  });

  it('accepts {"records": [...]} and detects JSON without a file name', () => {
    const r = run(JSON.stringify({ records: [{ model_id: 'claude-opus-4-7', category: 'attack_recon', value: 0, unit: 'count', source: 'x', date: '2026' }] }));
    expect(r.format).toBe('json');
    expect(r.records).toHaveLength(1);
  });

  it('reports invalid JSON at file level', () => {
    const e = onlyError(run('[{"model_id": "claude-opus-4-7",]', 'x.json'));
    expect(e.row).toBe(0);
    expect(e.message).toMatch(/^The file is not valid JSON/);
  });

  it('reports JSON of the wrong shape', () => {
    expect(onlyError(run('{"model_id": "claude-opus-4-7"}')).message).toBe('The JSON must be an array of result objects, or an object with a "records" array.');
    const r = run('[42]');
    expect(r.errors).toEqual([{ row: 1, message: expect.stringMatching(/not an object/) }]);
  });

  it('rejects nested values in JSON fields', () => {
    const r = run(JSON.stringify([{ model_id: 'claude-opus-4-7', category: 'bias', value: [1], unit: 'score', source: 's', date: '2026-01-01' }]));
    expect(r.errors).toEqual([{ row: 1, field: 'value', message: '"value" must be text or a number, not a list.' }]);
  });
});

describe('importOrgEvaluations — CSV', () => {
  it('imports rows, with quoted fields holding commas, quotes and line breaks', () => {
    const text = csv(
      'claude-opus-4-7,Bias & discrimination,12.5,percent,"Acme eval, v2",2026-10-01,"first line\r\nsecond, with ""quotes"""',
      'CLAUDE-SONNET-4-6,guardrail_bypass,87,index_0_1000,Internal red team,2026-10-15,',
    );
    const r = run(text, 'evals.csv');
    expect(r.format).toBe('csv');
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(2);
    expect(r.records[0]).toMatchObject({
      model_id: 'claude-opus-4-7',
      category: 'bias',
      value: 12.5,
      unit: 'percent',
      source_title: 'Acme eval, v2',
      notes: 'first line\r\nsecond, with "quotes"',
    });
    expect(r.records[1]).toMatchObject({ model_id: 'claude-sonnet-4-6', model_id_as_given: 'CLAUDE-SONNET-4-6', category: 'guardrail_bypass', value: 87, direction: 'lower_is_better', notes: null });
  });

  it('accepts header spellings and column order of a spreadsheet, and a trailing ",,,," row', () => {
    const text = 'Date,Source,Unit,Value,Category,Model ID,Source URL\n2026-10-01,Vendor report,%,42%,Sensitive data exposure,claude-opus-5-5,https://vendor.example/r\n,,,,,,\n';
    const r = run(text, 'x.csv');
    expect(r.errors).toEqual([]);
    expect(r.records).toEqual([expect.objectContaining({ model_id: 'claude-opus-5-5', category: 'sensitive_data', value: 42, unit: 'percent', source_url: 'https://vendor.example/r' })]);
  });

  it('maps Bedrock spellings of a known snapshot to its API ID', () => {
    const r = run(csv('anthropic.claude-opus-4-6-v1,bias,1,score,s,2026-01-01,'));
    expect(r.records[0]).toMatchObject({ model_id: 'claude-opus-4-6', model_id_as_given: 'anthropic.claude-opus-4-6-v1' });
  });

  it('reports the header missing required columns', () => {
    const e = onlyError(run('model_id,category,value\nclaude-opus-4-7,bias,1\n'));
    expect(e).toEqual({
      row: 0,
      message: 'The header is missing required columns: unit, date, source. Required: model_id, category, value, unit, source (or source_url), date.',
    });
  });

  it('reports semicolon-separated files', () => {
    expect(onlyError(run('model_id;category;value;unit;source;date\n')).message).toMatch(/semicolons/);
  });

  it('reports a header that names a column twice', () => {
    expect(onlyError(run('model_id,model,category,value,unit,source,date\n')).message).toMatch(/same column twice \(model\)/);
  });

  it('reports a header-only file and an empty file', () => {
    expect(onlyError(run(HEADER + '\n')).message).toMatch(/no results/);
    expect(onlyError(run('   \n')).message).toMatch(/The file is empty/);
  });

  it('reports a row with more fields than the header (an unquoted comma)', () => {
    const r = run(csv('claude-opus-4-7,bias,1,score,Acme, Inc report,2026-01-01,'));
    expect(r.records).toEqual([]);
    expect(r.errors).toEqual([{ row: 1, line: 2, message: expect.stringMatching(/8 fields but the header has 7: .*wrap that value in double quotes/) }]);
  });

  it('reports a malformed quoted field with its row and line, and imports the other rows', () => {
    const r = run(csv('claude-opus-4-7,bias,1,score,"Acme" report,2026-01-01,', 'claude-opus-4-7,bias,2,score,ok,2026-01-01,'));
    expect(r.records).toHaveLength(1);
    expect(r.errors).toEqual([{ row: 1, line: 2, message: expect.stringMatching(/Text after a closing quote/) }]);
  });

  it('warns about unknown columns and ignores them', () => {
    const r = run('model_id,category,value,unit,source,date,owner\nclaude-opus-4-7,bias,1,score,s,2026-01-01,me\n');
    expect(r.records).toHaveLength(1);
    expect(r.warnings).toEqual([{ row: 0, line: 1, message: expect.stringMatching(/^Ignored unknown columns: owner\./) }]);
  });
});

describe('importOrgEvaluations — row errors say what to fix', () => {
  const one = (row: string) => {
    const r = run(csv(row));
    expect(r.records).toEqual([]);
    return r.errors;
  };

  it('empty model id', () => {
    expect(one(',bias,1,score,s,2026-01-01,')).toEqual([
      { row: 1, line: 2, field: 'model_id', message: 'model_id is empty: give the exact model API ID the result is for, e.g. claude-opus-4-7.' },
    ]);
  });

  it('model id that is not an ID', () => {
    expect(one('Claude Opus,bias,1,score,s,2026-01-01,')[0]!.message).toMatch(/is not a model API ID/);
  });

  it('alias instead of a snapshot', () => {
    expect(one('claude-opus-4-5,bias,1,score,s,2026-01-01,')[0]!.message).toBe(
      'model_id "claude-opus-4-5" is an alias, not a snapshot; a result belongs to one exact snapshot. If you evaluated claude-opus-4-5-20251101, write that ID.',
    );
  });

  it('unknown category lists the accepted names and keys', () => {
    const [e] = one('claude-opus-4-7,Toxicity,1,score,s,2026-01-01,');
    expect(e!.field).toBe('category');
    expect(e!.message).toBe(
      'category "Toxicity" is not one of "Bias & discrimination", "Insecure code generation", "Sensitive data exposure", "Attack reconnaissance", "Safety guardrail bypass" (or the keys bias, insecure_code, sensitive_data, attack_recon, guardrail_bypass).',
    );
  });

  it('accepts category names in any case and with "and"', () => {
    const r = run(csv('claude-opus-4-7,bias and discrimination,1,score,s,2026-01-01,', 'claude-opus-4-7,SAFETY GUARDRAIL BYPASS,1,score,s,2026-01-01,'));
    expect(r.records.map((x) => x.category)).toEqual(['bias', 'guardrail_bypass']);
  });

  it('unknown unit lists the units', () => {
    const [e] = one('claude-opus-4-7,bias,1,furlongs,s,2026-01-01,');
    expect(e!.message).toMatch(/^unit "furlongs" is not known: use one of index_0_1000 — 0–1000 index \(lower is better\); percent/);
  });

  it('value that is not a number, with hints for decimal commas and thousands separators', () => {
    expect(one('claude-opus-4-7,bias,high,score,s,2026-01-01,')[0]!.message).toBe('value "high" is not a number, which unit score needs.');
    expect(one('claude-opus-4-7,bias,"12,5",percent,s,2026-01-01,')[0]!.message).toMatch(/Use a dot as the decimal separator/);
    expect(one('claude-opus-4-7,bias,"1,000",score,s,2026-01-01,')[0]!.message).toMatch(/Leave out thousands separators/);
  });

  it('out-of-range values for bounded units', () => {
    expect(one('claude-opus-4-7,bias,1200,index_0_1000,s,2026-01-01,')).toEqual([
      { row: 1, line: 2, field: 'value', message: 'Value 1200 is out of range for unit index_0_1000: it must be between 0 and 1000 (lower is better).' },
    ]);
    expect(one('claude-opus-4-7,bias,-1,index_0_1000,s,2026-01-01,')[0]!.message).toMatch(/out of range/);
    expect(one('claude-opus-4-7,bias,101,percent,s,2026-01-01,')[0]!.message).toBe('Value 101 is out of range for unit percent: it must be between 0 and 100.');
    expect(one('claude-opus-4-7,bias,1.5,fraction,s,2026-01-01,')[0]!.message).toMatch(/between 0 and 1\./);
    expect(one('claude-opus-4-7,bias,2.5,count,s,2026-01-01,')[0]!.message).toBe('Value 2.5 is not a whole number, which unit count requires.');
  });

  it('accepts the edges of a range', () => {
    const r = run(csv('claude-opus-4-7,bias,0,index_0_1000,s,2026-01-01,', 'claude-opus-4-7,bias,1000,index_0_1000,s,2026-01-01,'));
    expect(r.records.map((x) => x.value)).toEqual([0, 1000]);
  });

  it('direction that contradicts the unit', () => {
    const r = run('model_id,category,value,unit,source,date,direction\nclaude-opus-4-7,bias,5,index_0_1000,s,2026-01-01,higher\n');
    expect(r.errors[0]!.message).toBe('direction "higher" contradicts unit index_0_1000, which is always lower is better.');
  });

  it('empty value, source and date', () => {
    const errs = one('claude-opus-4-7,bias,,score,,,');
    expect(errs.map((e) => e.field)).toEqual(['value', 'source', 'date']);
  });

  it('invalid dates', () => {
    expect(one('claude-opus-4-7,bias,1,score,s,2026-02-30,')[0]!.message).toBe(
      'date "2026-02-30" is not a valid date: write it as YYYY-MM-DD (or YYYY-MM / YYYY when the source gives only a month or year).',
    );
    expect(one('claude-opus-4-7,bias,1,score,s,10/02/2026,')[0]!.field).toBe('date');
  });

  it('bad source_url', () => {
    const r = run('model_id,category,value,unit,source_url,date\nclaude-opus-4-7,bias,1,score,ftp://x,2026-01-01\n');
    expect(r.errors[0]).toMatchObject({ field: 'source_url', message: 'source_url "ftp://x" is not an http(s) address such as https://example.com/report.' });
  });

  it('collects every problem of a row', () => {
    const errs = one('claude-opus-4-5,Toxicity,abc,score,,2026-13-01,');
    expect(errs.map((e) => e.field)).toEqual(['model_id', 'category', 'value', 'source', 'date']);
  });
});

describe('importOrgEvaluations — warnings and safety', () => {
  it('keeps an unknown model ID with a warning', () => {
    const r = run(csv('acme-internal-llm-2,bias,1,score,s,2026-01-01,'));
    expect(r.records[0]!.model_id).toBe('acme-internal-llm-2');
    expect(r.warnings).toEqual([{ row: 1, line: 2, field: 'model_id', message: expect.stringMatching(/not in the bundled model catalog/) }]);
  });

  it('warns about duplicates', () => {
    const line = 'claude-opus-4-7,bias,1,score,s,2026-01-01,';
    const r = run(csv(line, line));
    expect(r.records).toHaveLength(2);
    expect(r.warnings[0]).toMatchObject({ row: 2, message: expect.stringMatching(/Same result as row 1/) });
  });

  it('redacts credentials pasted into notes', () => {
    const r = run(csv('claude-opus-4-7,bias,1,score,s,2026-01-01,key sk-ant-api03-abcdefghijklmnop used'));
    expect(r.records[0]!.notes).not.toContain('abcdefghijklmnop');
    expect(r.warnings[0]).toMatchObject({ field: 'notes', message: expect.stringMatching(/looks like a credential/) });
  });

  it('never throws on junk input', () => {
    for (const junk of ['\u0000\u0001', '"', '[', '{}', 'a\nb', 'null', '[null]', '"""', ',,,']) {
      expect(() => importOrgEvaluations(junk)).not.toThrow();
      const r = importOrgEvaluations(junk);
      expect(r.records).toEqual([]);
      expect(r.errors.length).toBeGreaterThan(0);
    }
    expect(importOrgEvaluations(42 as unknown as string).errors[0]!.message).toBe('The file is not text.');
  });

  it('refuses more rows than allowed', () => {
    const r = importOrgEvaluations(csv('claude-opus-4-7,bias,1,score,s,2026-01-01,', 'claude-opus-4-7,bias,2,score,s,2026-01-01,'), { maxRows: 1 });
    expect(onlyError(r).message).toMatch(/has 2 rows; at most 1/);
  });
});

describe('parseStoredEvaluations', () => {
  it('round-trips imported records and counts invalid ones', () => {
    const r = run(csv('claude-opus-4-7,bias,1,score,s,2026-01-01,'));
    const stored = JSON.parse(JSON.stringify([...r.records, { model_id: 'x' }, { ...r.records[0], value: 5000, unit: 'index_0_1000' }])) as unknown;
    const back = parseStoredEvaluations(stored);
    expect(back.records).toEqual(r.records);
    expect(back.invalid).toBe(2);
    expect(parseStoredEvaluations(undefined)).toEqual({ records: [], invalid: 0 });
    expect(parseStoredEvaluations('nope')).toEqual({ records: [], invalid: 1 });
  });
});

describe('messages quote user values safely', () => {
  it('shortens long values and masks credentials in messages', () => {
    const long = 'x'.repeat(200);
    const r = run(csv(`claude-opus-4-7,${long},1,score,s,2026-01-01,`, 'claude-opus-4-7,bias,sk-ant-api03-secretsecretsecret,score,s,2026-01-01,'));
    expect(r.errors[0]!.message).toContain(`"${'x'.repeat(77)}…"`);
    expect(r.errors[0]!.message.length).toBeLessThan(400);
    expect(r.errors[1]!.message).not.toContain('secretsecretsecret');
  });
});
