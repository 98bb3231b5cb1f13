import { describe, expect, it } from 'vitest';
import catalogJson from '../../../lib/catalog/claude-models.json';
import evidenceJson from '../../../lib/catalog/model-risk-evidence.json';
import {
  NO_PUBLIC_EVIDENCE,
  RISK_CATEGORIES,
  catalogModels,
  describeUnknownModel,
  evidenceFor,
  evidenceModelId,
  getModelCatalog,
  getRiskEvidence,
  hasNoEvidence,
  lifecycle,
  lookupModel,
  modelDisplayName,
  normalizeModelId,
  type CatalogModel,
  type EvidenceLike,
} from '../../../lib/catalog/models.ts';
import { parseEvidenceDataset, parseModelCatalog } from '../../../lib/catalog/model-schemas.ts';

function row(id: string): CatalogModel {
  const m = catalogModels().find((x) => x.id === id);
  if (!m) throw new Error(`no row ${id}`);
  return m;
}

describe('bundled files', () => {
  it('claude-models.json parses and has every row of §1.3', () => {
    const catalog = parseModelCatalog(catalogJson);
    expect(catalog.models).toHaveLength(27);
    expect(catalog.models.map((m) => m.row)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(catalog.meta.data_as_of).toBe('2026-10/2026-12');
    expect(catalog.meta.retirement_notice_min_days).toBe(60);
    expect(catalog.meta.conventions.cache_read_share_of_input_overrides).toEqual({
      'claude-fable-5-1': '0.025',
      'claude-mythos-5-1': '0.025',
      'claude-opus-5-5': '0.05',
    });
    expect(getModelCatalog().models).toHaveLength(27);
  });

  it('model-risk-evidence.json parses against the catalog', () => {
    const ev = parseEvidenceDataset(evidenceJson, getModelCatalog());
    expect(ev.records).toHaveLength(3);
    expect(ev.meta.categories.map((c) => c.label)).toEqual(RISK_CATEGORIES.map((c) => c.label));
    expect(getRiskEvidence().records).toHaveLength(3);
  });

  it('the catalog and evidence used at runtime (not validated there) are exactly the validated ones', () => {
    const catalog = parseModelCatalog(catalogJson);
    expect(getModelCatalog()).toEqual(catalog);
    expect(getRiskEvidence()).toEqual(parseEvidenceDataset(evidenceJson, catalog));
  });

  it('keeps the spec values of sample rows exactly (prices as decimal strings, dates, aliases)', () => {
    const haiku55 = row('claude-haiku-5-5');
    expect([haiku55.input_price_usd_per_mtok, haiku55.output_price_usd_per_mtok]).toEqual(['0.10', '0.50']);
    expect(haiku55.price_note).toBe('from; tiered by prompt length');
    expect(haiku55.retirement_floor).toBe('2027-10-07');

    const sonnet45 = row('claude-sonnet-4-5-20250929');
    expect(sonnet45.aliases).toEqual(['claude-sonnet-4-5']);
    // Lifecycle updates of 2026-12-01 (claude-models.md): retired on 2026-11-30.
    expect(sonnet45.status).toBe('retired');
    expect(sonnet45.deprecated_on).toBe('2026-09-30');
    expect(sonnet45.retires_on).toBe('2026-11-30');
    expect(sonnet45.replacement_id).toBe('claude-sonnet-5-5');
    expect(sonnet45.context_window_tokens).toBe(200_000);
    expect(sonnet45.max_output_tokens).toBe(64_000);

    const opus45 = row('claude-opus-4-5-20251101');
    expect([opus45.status, opus45.deprecated_on, opus45.retires_on, opus45.replacement_id]).toEqual(['deprecated', '2026-11-23', '2027-01-22', null]);
    const mythosPreview = row('claude-mythos-preview');
    expect(mythosPreview.status).toBe('retired');
    expect(mythosPreview.lifecycle_note).toMatch(/2026-07-21.*2026-06-30.*\[unverified/);

    const haiku35 = row('claude-3-5-haiku-20241022');
    expect([haiku35.input_price_usd_per_mtok, haiku35.output_price_usd_per_mtok]).toEqual(['0.80', '4']);
    expect(haiku35.max_output_label).toBe('8K');

    const opus55 = row('claude-opus-5-5');
    expect(opus55.cache_read_share_of_input).toBe('0.05');
    expect(opus55.max_output_note).toBe('300K batch beta');
    expect(opus55.reliable_knowledge_cutoff).toBe('2026-06');
    expect(opus55.docs_url).toBe('https://platform.claude.com/docs/en/models/opus-5-5/overview');
  });

  it('uses null, not invented values, where the spec has none', () => {
    const preview = row('claude-mythos-preview');
    expect(preview.released).toBeNull();
    expect(preview.context_window_tokens).toBeNull();
    expect(preview.input_price_usd_per_mtok).toBeNull();
    expect(preview.retires_on).toBe('2026-07-21');
    for (const m of catalogModels()) {
      expect(m.tasks).toBeNull();
      expect(m.licence_type).toBeNull();
      expect(m.cost_tier).toBeNull();
      expect(m.sources.length).toBeGreaterThan(0);
    }
    // "retire ≥ [unverified]" stays unknown and is flagged.
    expect(row('claude-fable-5-2').retirement_floor).toBeNull();
    expect(row('claude-fable-5-2').unverified_fields).toContain('retirement_floor');
    // † values are flagged for re-verification.
    expect(row('claude-opus-4-20250514').unverified_fields).toEqual(expect.arrayContaining(['aliases', 'released', 'max_output_tokens']));
  });

  it('rejects a catalog where an ID appears twice', () => {
    const broken = structuredClone(catalogJson) as { models: Array<{ aliases: string[] }> };
    broken.models[0]!.aliases = ['claude-opus-4-7'];
    expect(() => parseModelCatalog(broken)).toThrow(/claude-opus-4-7/);
  });

  it('rejects evidence filed under an alias rather than a snapshot ID', () => {
    const broken = structuredClone(evidenceJson) as { records: Array<{ model_id: string }> };
    broken.records[0]!.model_id = 'claude-3-5-haiku-latest';
    expect(() => parseEvidenceDataset(broken, getModelCatalog())).toThrow(/not catalog snapshot IDs: claude-3-5-haiku-latest/);
  });
});

describe('lookupModel', () => {
  it('matches dateless API IDs exactly', () => {
    const hit = lookupModel('claude-opus-4-7');
    expect(hit?.match).toBe('exact');
    expect(hit?.entry.display_name).toBe('Claude Opus 4.7');
    expect(hit?.snapshot.id).toBe('claude-opus-4-7');
  });

  it('matches dated snapshot IDs exactly and their aliases as alias', () => {
    expect(lookupModel('claude-opus-4-5-20251101')?.match).toBe('exact');
    const alias = lookupModel('claude-opus-4-5');
    expect(alias?.match).toBe('alias');
    expect(alias?.entry.id).toBe('claude-opus-4-5-20251101');
    expect(alias?.snapshot.id).toBe('claude-opus-4-5-20251101');
    expect(lookupModel('claude-opus-4-0')?.entry.id).toBe('claude-opus-4-20250514');
  });

  it('resolves the -latest aliases the spec lists', () => {
    const hit = lookupModel('claude-3-7-sonnet-latest');
    expect(hit?.match).toBe('alias');
    expect(hit?.entry.id).toBe('claude-3-7-sonnet-20250219');
    expect(lookupModel('claude-3-5-haiku-latest')?.entry.id).toBe('claude-3-5-haiku-20241022');
    // Not listed in the spec: no guessing.
    expect(lookupModel('claude-3-5-sonnet-latest')).toBeUndefined();
  });

  it('finds both snapshots of the two-snapshot Sonnet 3.5 row', () => {
    const v1 = lookupModel('claude-3-5-sonnet-20240620');
    expect(v1?.match).toBe('exact');
    expect(v1?.entry.row).toBe(27);
    expect(v1?.snapshot.label).toBe('v1');
    expect(v1?.snapshot.released).toBe('2024-06-20');
    expect(modelDisplayName('claude-3-5-sonnet-20240620')).toBe('Claude Sonnet 3.5 v1');
    expect(modelDisplayName('claude-3-5-sonnet-20241022')).toBe('Claude Sonnet 3.5 v2');
  });

  it('ignores case and surrounding whitespace', () => {
    const hit = lookupModel('  Claude-Sonnet-4-6 ');
    expect(hit?.match).toBe('exact');
    expect(hit?.entry.id).toBe('claude-sonnet-4-6');
    expect(hit?.input).toBe('  Claude-Sonnet-4-6 ');
    expect(hit?.normalizedId).toBe('claude-sonnet-4-6');
  });

  it('understands the Bedrock forms of §1.4', () => {
    const current = lookupModel('anthropic.claude-opus-5-5');
    expect(current?.entry.id).toBe('claude-opus-5-5');
    expect(current?.platform).toBe('bedrock');
    expect(current?.match).toBe('exact');
    expect(lookupModel('anthropic.claude-opus-4-6-v1')?.entry.id).toBe('claude-opus-4-6');
    expect(lookupModel('anthropic.claude-3-5-sonnet-20241022-v2:0')?.snapshot.id).toBe('claude-3-5-sonnet-20241022');
    expect(normalizeModelId('anthropic.claude-opus-4-6-v1')).toEqual({ id: 'claude-opus-4-6', platform: 'bedrock' });
  });

  it('resolves every ID the sandbox generator and the Compliance fixtures use', () => {
    for (const id of ['claude-sonnet-4-6', 'claude-opus-4-7', 'claude-sonnet-5', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-20250514', 'claude-3-opus-20240229', 'claude-mythos-5']) {
      expect(lookupModel(id)?.match, id).toBe('exact');
    }
  });

  it('leaves unknown IDs unknown and never guesses a family', () => {
    expect(lookupModel('claude-sonnet-9-9')).toBeUndefined();
    expect(lookupModel('claude-opus-4-5-20991231')).toBeUndefined();
    expect(lookupModel('claude-2.1')).toBeUndefined();
    expect(lookupModel('gpt-4o')).toBeUndefined();
    expect(lookupModel('')).toBeUndefined();
    expect(lookupModel('   ')).toBeUndefined();
    expect(lookupModel(null)).toBeUndefined();
    expect(lookupModel(undefined)).toBeUndefined();
    expect(lookupModel('anthropic.')).toBeUndefined();
  });
});

describe('describeUnknownModel / modelDisplayName', () => {
  it('builds a readable name from the shape of an unknown ID only', () => {
    expect(describeUnknownModel('claude-sonnet-9-1')).toEqual({ id: 'claude-sonnet-9-1', displayName: 'Claude Sonnet 9.1', known: false });
    expect(describeUnknownModel('claude-opus-6').displayName).toBe('Claude Opus 6');
    expect(describeUnknownModel('claude-3-sonnet-20240229').displayName).toBe('Claude Sonnet 3');
    expect(describeUnknownModel('claude-instant-1.2').displayName).toBe('Claude Instant 1.2');
    expect(describeUnknownModel('claude-2.1').displayName).toBe('Claude 2.1');
    expect(describeUnknownModel('some-internal-model').displayName).toBe('some-internal-model');
    expect(describeUnknownModel(null).displayName).toBe('Unknown model');
    expect(describeUnknownModel('').displayName).toBe('Unknown model');
  });

  it('uses the catalog name when the ID is known', () => {
    expect(modelDisplayName('claude-opus-4-5')).toBe('Claude Opus 4.5');
    expect(modelDisplayName('CLAUDE-FABLE-5-2')).toBe('Claude Fable 5.2');
    expect(modelDisplayName('claude-fable-9')).toBe('Claude Fable 9');
  });
});

describe('lifecycle', () => {
  const sonnet45 = () => row('claude-sonnet-4-5-20250929'); // deprecated 2026-09-30, retires 2026-11-30

  it('is retired on the retirement day itself', () => {
    const l = lifecycle(sonnet45(), '2026-11-30');
    expect(l.state).toBe('retired');
    expect(l.daysLeft).toBe(0);
  });

  it('is retiring-soon the day before, with 1 day left', () => {
    expect(lifecycle(sonnet45(), '2026-11-29')).toMatchObject({ state: 'retiring-soon', daysLeft: 1, retiresOn: '2026-11-30' });
  });

  it('is retiring-soon exactly at the window edge and deprecated one day outside it', () => {
    expect(lifecycle(sonnet45(), '2026-10-01', { windowDays: 60 })).toMatchObject({ state: 'retiring-soon', daysLeft: 60 });
    expect(lifecycle(sonnet45(), '2026-09-30', { windowDays: 60 })).toMatchObject({ state: 'deprecated', daysLeft: 61 });
  });

  it('uses a 90-day window by default', () => {
    expect(lifecycle(sonnet45(), '2026-09-01')).toMatchObject({ state: 'retiring-soon', daysLeft: 90, windowDays: 90 });
    expect(lifecycle(sonnet45(), '2026-08-31', { windowDays: 30 }).state).toBe('active');
  });

  it('is retired with negative days once the date is past', () => {
    const l = lifecycle(row('claude-3-opus-20240229'), new Date('2026-11-22T12:00:00Z'));
    expect(l.state).toBe('retired');
    expect(l.daysLeft).toBe(-321);
  });

  it('takes the UTC calendar day of a Date', () => {
    expect(lifecycle(sonnet45(), new Date('2026-11-29T23:59:59Z')).daysLeft).toBe(1);
    expect(lifecycle(sonnet45(), new Date('2026-11-30T00:00:00Z')).state).toBe('retired');
  });

  it('never treats a retirement floor as a retirement', () => {
    const haiku45 = row('claude-haiku-4-5-20251001'); // floor 2026-10-15, no scheduled date
    const l = lifecycle(haiku45, '2026-11-22');
    expect(l).toMatchObject({ state: 'active', daysLeft: null, retirementFloor: '2026-10-15', floorPassed: true });
    const opus55 = lifecycle(row('claude-opus-5-5'), '2026-11-22');
    expect(opus55).toMatchObject({ state: 'active', daysLeft: null, floorPassed: false });
  });

  it('says retired for a retired row without a date, and uses dates over the status text', () => {
    expect(lifecycle({ status: 'retired', deprecated_on: null, retires_on: null, retirement_floor: null }, '2026-01-01')).toMatchObject({ state: 'retired', daysLeft: null });
    // Before its retirement date a "Retired" row was still retiring.
    expect(lifecycle(row('claude-mythos-preview'), '2026-07-01')).toMatchObject({ state: 'retiring-soon', daysLeft: 20 });
  });

  it('throws on an unreadable date', () => {
    expect(() => lifecycle(sonnet45(), 'not a date')).toThrow(RangeError);
  });
});

describe('evidenceFor', () => {
  it('returns only the sourced records for that exact snapshot', () => {
    const e = evidenceFor('claude-3-5-haiku-20241022');
    for (const c of RISK_CATEGORIES) expect(e[c.key]).toEqual([]);
    expect(e.other).toHaveLength(1);
    const rec = e.other[0]!;
    expect(rec).toMatchObject({ model_id: 'claude-3-5-haiku-20241022', value: 'Very Good', source_url: 'https://ailuminate.mlcommons.org/benchmarks' });
    expect(rec.source_title).not.toBe('');
    expect(rec.source_version_or_date).not.toBe('');
  });

  it('returns nothing for models without evidence — no carrying from predecessors', () => {
    for (const id of ['claude-opus-5-5', 'claude-sonnet-4-5-20250929', 'claude-3-5-sonnet-20240620', 'claude-sonnet-9-9']) {
      const e = evidenceFor(id);
      expect(hasNoEvidence(e), id).toBe(true);
    }
    expect(NO_PUBLIC_EVIDENCE).toBe('No public evidence');
  });

  it('does not attach snapshot evidence to an alias, but does to another spelling of the same snapshot', () => {
    expect(evidenceModelId('claude-3-5-haiku-latest')).toBeUndefined();
    expect(hasNoEvidence(evidenceFor('claude-3-5-haiku-latest'))).toBe(true);
    expect(evidenceFor('Anthropic.Claude-3-5-Haiku-20241022-v1:0').other).toHaveLength(1);
  });

  it('files imported records by category and keeps them per model', () => {
    const imported: EvidenceLike[] = [
      {
        model_id: 'claude-opus-4-7',
        category: 'insecure_code',
        metric_name: 'insecure completions',
        value: 12.5,
        unit: 'percent',
        direction: 'lower_is_better',
        source_title: 'Acme red team Q3',
        source_url: null,
        source_section: null,
        source_version_or_date: '2026-09-01',
        licence: null,
        retrieved_at: null,
        imported: true,
      },
    ];
    const e = evidenceFor('claude-opus-4-7', { extra: imported });
    expect(e.insecure_code).toEqual(imported);
    expect(e.bias).toEqual([]);
    expect(hasNoEvidence(evidenceFor('claude-opus-4-8', { extra: imported }))).toBe(true);
    expect(evidenceFor('claude-3-7-sonnet-20250219', { extra: imported, bundled: false }).other).toEqual([]);
  });

  it('returns empty arrays for a null model', () => {
    expect(hasNoEvidence(evidenceFor(null))).toBe(true);
  });
});
