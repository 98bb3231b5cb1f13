import { z } from 'zod';
import { defineKv } from '../../db/kv.ts';
import { ROLLUPS_KEY } from './rollups.ts';

/** Where the spend and token numbers came from. */
export const CostSourceSchema = z.enum(['usage-cost', 'legacy', 'none']);
export type CostSource = z.infer<typeof CostSourceSchema>;

/**
 * What the last published Analytics collection covers (written at publish with the data, read by the
 * pages for "data as of …" and by the next run to decide what to fetch again).
 */
export const AnalyticsStateSchema = z.object({
  completedAt: z.string(),
  /** Engagement: days collected, [from, to) UTC dates; `to` is the day after the latest available day. */
  engagementFrom: z.string().nullable(),
  engagementTo: z.string().nullable(),
  /** Cost and usage: the API's `data_refreshed_at` watermark of the last read (null when it gave none). */
  dataRefreshedAt: z.string().nullable(),
  /** UTC months whose spend is stored ("2026-11"), oldest first. */
  months: z.array(z.string()),
  /**
   * `usage-cost`: the /usage and /cost endpoints (all usage, every actor). `legacy`: the per-user
   * reports, because those were refused (seat users only). `none`: neither answered.
   */
  costSource: CostSourceSchema,
  /** Why the numbers come from where they do, in the admin's words (e.g. why the fallback was used). */
  costNote: z.string().nullable(),
});
export type AnalyticsState = z.infer<typeof AnalyticsStateSchema>;

export const ANALYTICS_STATE = defineKv('analytics.state', AnalyticsStateSchema);

const TotalsSchema = z.object({
  amount: z.string(),
  listAmount: z.string(),
  totalTokens: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  requests: z.number().nullable(),
});
const PersonSpendSchema = TotalsSchema.extend({
  actorKey: z.string(),
  actor: z.object({ key: z.string(), type: z.string(), name: z.string().nullable(), email: z.string().nullable(), deleted: z.boolean() }),
  label: z.string(),
});
const DimensionSpendSchema = TotalsSchema.extend({ key: z.string(), label: z.string() });
const MonthRollupSchema = z.object({
  month: z.string(),
  totals: TotalsSchema,
  people: z.number(),
  topBySpend: z.array(PersonSpendSchema),
  topByTokens: z.array(PersonSpendSchema),
  byModel: z.array(DimensionSpendSchema),
  byProduct: z.array(DimensionSpendSchema),
});

/**
 * Per-month rollups of the published spend (./rollups.ts), written by the publish that writes the rows.
 * Pages read it with `asRollups` (no zod on first paint), which also ignores a record of another ROLLUP_VERSION.
 */
export const AnalyticsRollupsSchema = z.object({ version: z.number().int(), computedAt: z.string(), months: z.record(z.string(), MonthRollupSchema) });
export const ANALYTICS_ROLLUPS = defineKv(ROLLUPS_KEY, AnalyticsRollupsSchema);
