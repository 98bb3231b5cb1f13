/**
 * The zod schemas of the bundled model catalog and risk evidence (specs/claude-models.md §1.3 and §2.4), and the
 * parsers that validate data against them. Kept apart from the lookups in ./models.ts, which the inventory's first
 * render uses without loading zod; the unit tests validate the bundled files with these.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------------------------
// Shared field schemas
// ---------------------------------------------------------------------------------------------------------------

const isoDate = z.iso.date();
/** Catalog model IDs are lower-case API IDs. */
const modelIdSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'model IDs are lower-case API IDs');
/** USD amounts are decimal strings, never floats. */
const decimalString = z.string().regex(/^\d+(\.\d+)?$/, 'expected a decimal string such as "0.80"');
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
const tokenLabel = z.string().regex(/^\d+[KM]$/, 'expected a label such as 200K or 1M');

export const sourceRefSchema = z.strictObject({
  title: z.string().min(1),
  url: z.url().nullable(),
  as_of: z.string().min(1),
  covers: z.string().nullable(),
});

export const modelStatusSchema = z.enum(['active', 'legacy', 'deprecated', 'restricted', 'retired']);
export type ModelStatus = z.infer<typeof modelStatusSchema>;

export const modelSnapshotSchema = z.strictObject({
  id: modelIdSchema,
  /** Distinguishes several snapshots in one row (Sonnet 3.5 "v2" / "v1"); null otherwise. */
  label: z.string().min(1).nullable(),
  released: isoDate.nullable(),
});
export type ModelSnapshot = z.infer<typeof modelSnapshotSchema>;

const unverifiableField = z.enum([
  'aliases',
  'released',
  'status',
  'context_window_tokens',
  'max_output_tokens',
  'input_price_usd_per_mtok',
  'output_price_usd_per_mtok',
  'knowledge_cutoff',
  'deprecated_on',
  'retires_on',
  'retirement_floor',
]);

export const catalogModelSchema = z
  .strictObject({
    /** Row number in specs/claude-models.md §1.3. */
    row: z.number().int().positive(),
    /** The primary API ID (the first snapshot). */
    id: modelIdSchema,
    /** Every API ID of the row: one pinned snapshot, or several (Sonnet 3.5 v2 / v1). */
    snapshots: z.array(modelSnapshotSchema).min(1),
    /** Aliases that differ from the API ID (e.g. `claude-opus-4-5`, `claude-3-7-sonnet-latest`). */
    aliases: z.array(modelIdSchema),
    /** True where the spec says the alias is the API ID itself (4.6 generation on). */
    alias_same_as_id: z.boolean(),
    display_name: z.string().min(1),
    vendor: z.string().min(1),
    family: z.string().min(1),
    version: z.string().min(1).nullable(),
    /** Qualifier from the spec's family column (e.g. "restricted" for Mythos). */
    variant: z.string().min(1).nullable(),
    /** Not given by the spec. */
    tasks: z.array(z.string()).nullable(),
    input_modalities: z.array(z.string().min(1)),
    output_modalities: z.array(z.string().min(1)),
    /** Not given by the spec. */
    licence_type: z.string().nullable(),
    /** Not given by the spec. */
    cost_tier: z.string().nullable(),
    status: modelStatusSchema,
    /** The spec's status text, verbatim. */
    status_label: z.string().min(1),
    replacement_id: modelIdSchema.nullable(),
    released: isoDate.nullable(),
    /** Release date derived from the one-year retirement floor (spec marker "R"). */
    release_date_inferred: z.boolean(),
    release_note: z.string().nullable(),
    context_window_tokens: z.number().int().positive().nullable(),
    context_window_label: tokenLabel.nullable(),
    context_window_note: z.string().nullable(),
    max_output_tokens: z.number().int().positive().nullable(),
    max_output_label: tokenLabel.nullable(),
    max_output_note: z.string().nullable(),
    input_price_usd_per_mtok: decimalString.nullable(),
    output_price_usd_per_mtok: decimalString.nullable(),
    /** Share of the input price charged for cache reads (§1.2). */
    cache_read_share_of_input: decimalString.nullable(),
    price_note: z.string().nullable(),
    /** As the spec writes it: "reliable / training" or a single month. */
    knowledge_cutoff: z.string().nullable(),
    reliable_knowledge_cutoff: yearMonth.nullable(),
    training_data_cutoff: yearMonth.nullable(),
    cutoff_note: z.string().nullable(),
    deprecated_on: isoDate.nullable(),
    /** Scheduled or announced retirement date. */
    retires_on: isoDate.nullable(),
    /** "Retire ≥": not-sooner-than commitment; not a scheduled retirement. */
    retirement_floor: isoDate.nullable(),
    lifecycle_note: z.string().nullable(),
    docs_url: z.url(),
    docs_note: z.string().nullable(),
    /** Fields the spec marks † or [unverified]: re-verify before relying on them. */
    unverified_fields: z.array(unverifiableField),
    sources: z.array(sourceRefSchema).min(1),
  })
  .superRefine((m, ctx) => {
    if (m.snapshots[0]?.id !== m.id) ctx.addIssue({ code: 'custom', message: `row ${m.row}: id must be the first snapshot id` });
    if (m.alias_same_as_id && m.aliases.length > 0) ctx.addIssue({ code: 'custom', message: `row ${m.row}: alias_same_as_id with extra aliases` });
    if ((m.context_window_tokens === null) !== (m.context_window_label === null)) ctx.addIssue({ code: 'custom', message: `row ${m.row}: context window label/tokens mismatch` });
    if ((m.max_output_tokens === null) !== (m.max_output_label === null)) ctx.addIssue({ code: 'custom', message: `row ${m.row}: max output label/tokens mismatch` });
    if ((m.input_price_usd_per_mtok === null) !== (m.output_price_usd_per_mtok === null)) ctx.addIssue({ code: 'custom', message: `row ${m.row}: input and output prices go together` });
    if (m.deprecated_on && m.retires_on && m.retires_on < m.deprecated_on) ctx.addIssue({ code: 'custom', message: `row ${m.row}: retires before it is deprecated` });
  });
export type CatalogModel = z.infer<typeof catalogModelSchema>;

export const catalogMetaSchema = z.looseObject({
  dataset: z.literal('claude-models'),
  schema_version: z.literal(1),
  /** When this file was compiled. */
  compiled_on: isoDate,
  /** When the facts were true (ISO 8601 interval of months). */
  data_as_of: z.string().min(1),
  sources: z.array(
    z.strictObject({
      id: z.string().min(1),
      title: z.string().min(1),
      url: z.url().nullable(),
      url_template: z.string().optional(),
      as_of: z.string().min(1),
      covers: z.string().nullable(),
    }),
  ),
  conventions: z.looseObject({
    price_currency: z.literal('USD'),
    batch_discount_share: decimalString,
    cache_read_share_of_input_default: decimalString,
    cache_read_share_of_input_overrides: z.record(modelIdSchema, decimalString),
  }),
  platform_ids: z.looseObject({ bedrock_prefix: z.string().min(1) }),
  /** Minimum notice before a publicly released model retires (deprecations page). */
  retirement_notice_min_days: z.number().int().positive(),
});
export type CatalogMeta = z.infer<typeof catalogMetaSchema>;

export const modelCatalogSchema = z
  .strictObject({ meta: catalogMetaSchema, models: z.array(catalogModelSchema).min(1) })
  .superRefine((data, ctx) => {
    const seen = new Map<string, number>();
    for (const m of data.models) {
      for (const id of [...m.snapshots.map((s) => s.id), ...m.aliases]) {
        const prev = seen.get(id);
        if (prev !== undefined) ctx.addIssue({ code: 'custom', message: `"${id}" appears in rows ${prev} and ${m.row}` });
        seen.set(id, m.row);
      }
    }
    for (const m of data.models) {
      if (m.replacement_id && !data.models.some((r) => r.id === m.replacement_id)) {
        ctx.addIssue({ code: 'custom', message: `row ${m.row}: replacement ${m.replacement_id} is not a catalog id` });
      }
    }
    for (const id of Object.keys(data.meta.conventions.cache_read_share_of_input_overrides)) {
      if (!data.models.some((m) => m.id === id)) ctx.addIssue({ code: 'custom', message: `cache override for unknown id ${id}` });
    }
  });
export type ModelCatalogData = z.infer<typeof modelCatalogSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Risk categories and evidence records (§2.4)
// ---------------------------------------------------------------------------------------------------------------

export const riskCategoryKeySchema = z.enum(['bias', 'insecure_code', 'sensitive_data', 'attack_recon', 'guardrail_bypass']);

export const evidenceDirectionSchema = z.enum(['higher_is_better', 'lower_is_better']);
export type EvidenceDirection = z.infer<typeof evidenceDirectionSchema>;

/** The §2.4 record. `category` is one of the five keys, or a finer source-taxonomy label. */
export const evidenceRecordSchema = z.strictObject({
  /** Exact API ID of the snapshot the value belongs to (no alias, no family). */
  model_id: modelIdSchema,
  category: z.string().min(1),
  metric_name: z.string().min(1).nullable(),
  value: z.union([z.number().finite(), z.string().min(1)]),
  unit: z.string().min(1),
  direction: evidenceDirectionSchema.nullable(),
  source_title: z.string().min(1),
  source_url: z.url().nullable(),
  source_section: z.string().min(1).nullable(),
  source_version_or_date: z.string().min(1),
  licence: z.string().min(1).nullable(),
  retrieved_at: z.string().min(1).nullable(),
  /** Where in the project's references the record is cited. */
  cited_in: z.string().min(1).optional(),
});
export type EvidenceRecord = z.infer<typeof evidenceRecordSchema>;

export const evidenceDatasetSchema = z.strictObject({
  meta: z.looseObject({
    dataset: z.literal('model-risk-evidence'),
    schema_version: z.literal(1),
    compiled_on: isoDate,
    categories: z.array(z.strictObject({ key: riskCategoryKeySchema, label: z.string().min(1) })),
  }),
  records: z.array(evidenceRecordSchema),
});
export type EvidenceDataset = z.infer<typeof evidenceDatasetSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------------------------

/** Validates catalog data; throws a readable error listing every problem. */
export function parseModelCatalog(data: unknown): ModelCatalogData {
  const r = modelCatalogSchema.safeParse(data);
  if (!r.success) throw new Error(`claude-models.json is invalid:\n${z.prettifyError(r.error)}`);
  return r.data;
}

/**
 * Validates an evidence dataset against a catalog: every `model_id` must be an exact snapshot ID of the catalog
 * (never an alias), so a result cannot silently attach to another model.
 */
export function parseEvidenceDataset(data: unknown, catalog: ModelCatalogData): EvidenceDataset {
  const r = evidenceDatasetSchema.safeParse(data);
  if (!r.success) throw new Error(`model-risk-evidence.json is invalid:\n${z.prettifyError(r.error)}`);
  const snapshotIds = new Set(catalog.models.flatMap((m) => m.snapshots.map((s) => s.id)));
  const bad = r.data.records.filter((rec) => !snapshotIds.has(rec.model_id)).map((rec) => rec.model_id);
  if (bad.length > 0) throw new Error(`model-risk-evidence.json names model IDs that are not catalog snapshot IDs: ${bad.join(', ')}`);
  return r.data;
}
