import type { AnalyticsState } from './state.ts';

/**
 * The published Analytics state read without zod (pages must not load it on first paint; the writer
 * validates with ANALYTICS_STATE in ./state.ts): a light structural check.
 */
export const ANALYTICS_STATE_KEY = 'analytics.state';

export function asAnalyticsState(raw: unknown): AnalyticsState | null {
  if (!raw || typeof raw !== 'object') return null;
  const s = raw as Partial<AnalyticsState>;
  if (typeof s.completedAt !== 'string' || !Array.isArray(s.months) || typeof s.costSource !== 'string') return null;
  return {
    completedAt: s.completedAt,
    engagementFrom: typeof s.engagementFrom === 'string' ? s.engagementFrom : null,
    engagementTo: typeof s.engagementTo === 'string' ? s.engagementTo : null,
    dataRefreshedAt: typeof s.dataRefreshedAt === 'string' ? s.dataRefreshedAt : null,
    months: s.months.filter((m): m is string => typeof m === 'string'),
    costSource: s.costSource,
    costNote: typeof s.costNote === 'string' ? s.costNote : null,
  };
}
