import type { AnalyticsOrg } from './org.ts';
import type { Paging, Query, ResultCache } from './query.ts';

/** Everything a route handler needs for one request. */
export interface Ctx {
  path: string;
  q: Query;
  paging: Paging;
  org: AnalyticsOrg;
  cache: ResultCache;
  /** The sandbox clock's "now" for data (epoch ms). */
  now: number;
  /** Latest engagement day that can be queried (day index). */
  latestDay: number;
  /** Usage & cost export watermark (epoch ms): usage at or after it is not reported yet. */
  watermark: number;
  summariesEnvelope: 'sdk' | 'legacy';
  summariesMaxRangeDays: number;
  /** Cache key for a computed result: route + query (without page/limit/beta) + resolved values. */
  cacheKey(extra?: Record<string, unknown>): string;
}

export type Handler = (ctx: Ctx) => unknown;
