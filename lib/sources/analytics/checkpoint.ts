import type { BaseCheckpoint } from '../../jobs/types.ts';
import type { CostSource } from './state.ts';

/** The Analytics collection job's checkpoint: everything a restarted worker needs to continue a run. */
export const JOB_ID = 'analytics-collection';

/**
 * Engagement first (days, then people, connectors, then each active day's per-person rows for the
 * messages per day), then for each month: spend and tokens per person × model ×
 * product, per team, per day — then publish. Every spend phase walks `months` by `index`.
 */
export const PHASES = ['summaries', 'users', 'connectors', 'dayUsers', 'cost', 'usage', 'teamCost', 'teamUsage', 'dailyCost', 'dailyUsage', 'publish'] as const;
export type Phase = (typeof PHASES)[number];
export const MONTH_PHASES: ReadonlySet<Phase> = new Set(['cost', 'usage', 'teamCost', 'teamUsage', 'dailyCost', 'dailyUsage']);

export const PHASE_LABELS: Record<Phase, string> = {
  summaries: 'Reading daily activity',
  users: 'Reading engagement per person',
  connectors: 'Reading connector usage',
  dayUsers: 'Reading messages per day',
  cost: 'Reading spend per person and model',
  usage: 'Reading tokens per person and model',
  teamCost: 'Reading spend per team',
  teamUsage: 'Reading tokens per team',
  dailyCost: 'Reading spend per day',
  dailyUsage: 'Reading tokens per day',
  publish: 'Publishing',
};

export interface AnalyticsCheckpoint extends BaseCheckpoint<Phase> {
  /** Engagement window [from, to) as UTC dates; `to` is set by the summaries step (latest available day + 1). */
  engagementFrom: string;
  engagementTo: string | null;
  /** The engagement window the people rollup covers (first run: the backfill; later: the same length). */
  usersFrom: string;
  /** UTC months to (re)read, oldest first. */
  months: string[];
  /** Where spend comes from in this run; decided by the first spend request. */
  costSource: CostSource;
  costNote: string | null;
  dataRefreshedAt: string | null;
  /** Smaller page sizes for queries the server found too large at the maximum (by query, e.g. "cost:2026-11"). */
  pageLimits?: Record<string, number>;
  /** Summaries read in ≤31-day windows because the server refused the whole range at once. */
  summaryWindows?: boolean;
  counts: { days: number; users: number; spendRows: number; connectors?: number; activityDays?: number };
}

/** Progress of a running collection from its checkpoint alone. */
export function collectionProgress(cp: AnalyticsCheckpoint): { label: string; fraction: number | null; detail: string | null } {
  const monthly = MONTH_PHASES.has(cp.phase);
  const fraction = monthly && cp.months.length > 0 ? cp.index / cp.months.length : null;
  const detail = monthly && cp.months[cp.index] ? `Month ${cp.index + 1} of ${cp.months.length} (${cp.months[cp.index]})` : cp.phase === 'dayUsers' ? `${cp.counts.activityDays ?? 0} days read` : cp.kind === 'incremental' ? 'New and revisable days only' : null;
  return { label: PHASE_LABELS[cp.phase], fraction, detail };
}
