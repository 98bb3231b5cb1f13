import { describe, expect, it } from 'vitest';
import { catalogFacts, countForModel, issueText, mergeEvaluations, parseEvaluationFile, riskProfile, storedEvaluations, valueAndUnit } from '../../../components/inventory/catalog.ts';
import type { EvidenceLike } from '../../../lib/catalog/models.ts';

const today = new Date('2026-11-20T09:00:00Z');

describe('catalog facts for the inventory', () => {
  it('resolves an API id to its display name and lifecycle badge', () => {
    const f = catalogFacts('claude-sonnet-4-5-20250929', today);
    expect(f).toMatchObject({ displayName: 'Claude Sonnet 4.5', family: 'Sonnet', retiresOn: '2026-11-30', contextWindow: '200K' });
    expect(f!.lifecycle).toMatchObject({ kind: 'retiring', label: 'Retiring in 10 days' });
    expect(catalogFacts('claude-sonnet-4-5-20250929', new Date('2026-12-01T00:00:00Z'))!.lifecycle.label).toBe('Retired');
  });
  it('resolves an alias, and leaves unknown ids unknown', () => {
    expect(catalogFacts('claude-sonnet-4-5', today)).toMatchObject({ id: 'claude-sonnet-4-5-20250929', match: 'alias' });
    expect(catalogFacts('claude-made-up-9', today)).toBeNull();
    expect(catalogFacts('', today)).toBeNull();
  });
  it('shows no badge for an active model', () => {
    expect(catalogFacts('claude-opus-5-5', today)!.lifecycle.kind).toBe('active');
  });
});

describe('risk profile', () => {
  const imported: EvidenceLike = {
    model_id: 'claude-opus-4-7',
    category: 'insecure_code',
    metric_name: 'Insecure code rate (internal red team)',
    value: 120,
    unit: 'index (0–1000)',
    direction: 'lower_is_better',
    source_title: 'Acme red team Q3',
    source_url: null,
    source_section: null,
    source_version_or_date: '2026-10-01',
    licence: null,
    retrieved_at: null,
  };

  it('has the five categories, empty when there is no evidence (never a score)', () => {
    const p = riskProfile('claude-opus-5-5', []);
    expect(p.groups.map((g) => g.category)).toEqual(['Bias & discrimination', 'Insecure code generation', 'Sensitive data exposure', 'Attack reconnaissance', 'Safety guardrail bypass']);
    expect(p.groups.every((g) => g.evidence.length === 0)).toBe(true);
  });
  it('files bundled results of other taxonomies under other', () => {
    const p = riskProfile('claude-3-5-haiku-20241022', []);
    expect(p.other.length).toBeGreaterThan(0);
    expect(p.other[0]).toMatchObject({ value: 'Very Good', imported: false });
  });
  it('adds imported evaluations for the same model only, tagged imported', () => {
    const p = riskProfile('claude-opus-4-7', [imported, { ...imported, model_id: 'claude-opus-5-5' }]);
    const code = p.groups.find((g) => g.key === 'insecure_code')!;
    expect(code.evidence).toHaveLength(1);
    expect(code.evidence[0]).toMatchObject({ value: '120', imported: true, direction: 'lower is better' });
    expect(riskProfile('', [imported]).groups.every((g) => g.evidence.length === 0)).toBe(true);
  });
});

describe('imported evaluations', () => {
  const csv = [
    'model_id,category,value,unit,source,date,notes',
    'claude-opus-4-7,Insecure code generation,120,index_0_1000,Acme red team Q3,2026-10-01,first run',
    'claude-opus-4-7,Bias & discrimination,abc,percent,Acme red team Q3,2026-10-01,',
    'claude-opus-4-7,Nonsense,1,percent,Acme red team Q3,2026-10-01,',
  ].join('\n');

  it('lists invalid rows with their row numbers and keeps the valid ones', () => {
    const r = parseEvaluationFile(csv, 'evals.csv');
    expect(r.records).toHaveLength(1);
    expect(r.errors.map((e) => e.row)).toEqual([2, 3]);
    expect(issueText(r.errors[0]!)).toMatch(/^Row 2 \(line 3\): value "abc" is not a number/);
    expect(issueText({ row: 0, message: 'The file is empty.' })).toBe('The file is empty.');
  });

  it('validates what is stored and shows imported results in their category', () => {
    const { records } = parseEvaluationFile(csv, 'evals.csv');
    const stored = storedEvaluations([...records, { model_id: 'x' }]);
    expect(stored).toMatchObject({ invalid: 1 });
    expect(storedEvaluations(null)).toEqual({ records: [], invalid: 0 });
    const code = riskProfile('claude-opus-4-7', stored.records).groups.find((g) => g.key === 'insecure_code')!;
    expect(code.evidence[0]).toMatchObject({ value: '120', unit: 'on the 0–1000 index', imported: true, notes: 'first run' });
    expect(countForModel(stored.records, 'claude-opus-4-7')).toBe(1);
    expect(countForModel(stored.records, 'claude-opus-5-5')).toBe(0);
  });

  it('replaces a re-imported result instead of duplicating it', () => {
    const first = parseEvaluationFile(csv, 'evals.csv').records;
    const again = parseEvaluationFile(csv.replace(',120,', ',140,'), 'evals.csv').records;
    const merged = mergeEvaluations(first, again);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.value).toBe(140);
  });

  it('formats values with their unit', () => {
    expect(valueAndUnit(12.5, 'percent')).toEqual({ value: '12.5%', unit: '' });
    expect(valueAndUnit(1200, 'count')).toEqual({ value: '1,200', unit: '' });
    expect(valueAndUnit('Very Good', 'grade')).toEqual({ value: 'Very Good', unit: '(grade)' });
  });
});
