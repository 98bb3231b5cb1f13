import type { StepEnv } from '../../../jobs/types.ts';
import type { CoreDb } from '../../../db/schema.ts';
import type { AnalyticsCheckpoint } from '../checkpoint.ts';
import type { AnalyticsSource } from '../client.ts';
import type { AnalyticsTables, StagedRow } from '../tables.ts';

export interface CollectionOptions {
  /** Days of engagement and spend the first run backfills (default 90). */
  backfillDays?: number;
  /** Days back a later run re-reads, because the API revises recent values (default 7 for engagement). */
  reviseDays?: number;
  /**
   * Days of per-person rows the first run reads for the messages per day (default 31): one request per
   * active day and 1,000 people, so a 90-day backfill of a large organization would triple the first run's
   * requests. Later runs read every new and revisable day; older days stay without per-day counts.
   */
  activityDays?: number;
}

export type AnalyticsDb = CoreDb & AnalyticsTables;
export type Env = StepEnv<AnalyticsCheckpoint, AnalyticsSource, CollectionOptions, AnalyticsDb>;

export function addSkipped(cp: AnalyticsCheckpoint, kind: string, n: number): void {
  if (n > 0) cp.skipped[kind] = (cp.skipped[kind] ?? 0) + n;
}

/** Staged rows of one query ("cost:2026-11"): deleted when that query has to restart from its first page. */
export function stage(db: AnalyticsDb, query: string, table: StagedRow['table'], rows: StagedRow['row'][]): Promise<unknown> {
  return rows.length > 0 ? db.anStage.bulkAdd(rows.map((row) => ({ table, row, query }))) : Promise.resolve();
}
