import type { z } from 'zod';
import type { HttpClient, Query, RequestOptions } from '../../api/http/index.ts';
import type { RequestMeter } from '../../jobs/types.ts';
import { parseItems } from '../../util/items.ts';
import {
  CostItemSchema,
  EngagementPageSchema,
  LegacyBucketSchema,
  LegacyUserRowSchema,
  ReportPageSchema,
  SummariesPageSchema,
  SummaryDaySchema,
  UsageItemSchema,
  UserActivitySchema,
  ConnectorActivitySchema,
  type ConnectorActivity,
  type CostItem,
  type LegacyUserRow,
  type SummaryDay,
  type UsageItem,
  type UserActivity,
} from './schemas.ts';

const PREFIX = '/v1/organizations/analytics';
/** Required by /usage and /cost (spec §2.14; unchanged in SDK 1.16). */
export const USAGE_COST_BETA = 'analytics-usage-cost-2026-08-24';

/** Maximum page sizes (spec §2.2): the fewer requests, the lighter our share of the organization's 60/min. */
export const PAGE_SIZE = { users: 1000, reports: 1000, buckets: 31 } as const;

export interface ReportPage<T> {
  items: T[];
  skipped: number;
  next: string | null;
  /** The export watermark the numbers are stable up to (null when no export covers the range). */
  dataRefreshedAt: string | null;
}

export interface EngagementPage<T> {
  items: T[];
  skipped: number;
  next: string | null;
}

/** A cost or usage query: [start, end) as RFC 3339, grouped by up to five dimensions. */
export interface ReportQuery {
  start: string;
  end: string;
  groupBy: readonly string[];
  /** One row per day instead of one per range. */
  daily?: boolean;
  /** Rows per page, when a smaller page than the maximum is needed (report_page_too_large). */
  limit?: number;
}

/** What the collection needs of the Analytics API (the interface keeps the job testable). */
export interface AnalyticsSource extends RequestMeter {
  summaries(startingDate: string, endingDate: string | null, signal?: AbortSignal): Promise<EngagementPage<SummaryDay>>;
  users(startingDate: string, endingDate: string, page: string | null, signal?: AbortSignal): Promise<EngagementPage<UserActivity>>;
  connectors(startingDate: string, endingDate: string, page: string | null, signal?: AbortSignal): Promise<EngagementPage<ConnectorActivity>>;
  /** One day's per-person rows (GET /users?date=…): what the day's messages, sessions and lines are summed from. */
  usersOnDay(date: string, page: string | null, signal?: AbortSignal): Promise<EngagementPage<UserActivity>>;
  cost(q: ReportQuery, page: string | null, signal?: AbortSignal): Promise<ReportPage<CostItem>>;
  usage(q: ReportQuery, page: string | null, signal?: AbortSignal): Promise<ReportPage<UsageItem>>;
  /** Legacy per-user reports (seat users only): the fallback when /usage and /cost are refused. */
  userCostReport(q: ReportQuery, page: string | null, signal?: AbortSignal): Promise<ReportPage<LegacyUserRow>>;
  userUsageReport(q: ReportQuery, page: string | null, signal?: AbortSignal): Promise<ReportPage<LegacyUserRow>>;
  /** Legacy organization totals in daily buckets (each bucket's results flattened, tagged with the bucket's start). */
  dailyReport(kind: 'cost_report' | 'usage_report', q: ReportQuery, page: string | null, signal?: AbortSignal): Promise<ReportPage<LegacyUserRow & { starting_at: string }>>;
}

/** The Analytics API client used by the collection job. Items are validated one by one; the ones not understood are skipped and counted. */
export class AnalyticsClient implements AnalyticsSource {
  private requests = 0;
  private waited = 0;

  private readonly pageSize: { users: number; reports: number; buckets: number };

  /** `pageSize` is for tests that need several pages from a small organization. */
  constructor(
    private readonly http: HttpClient,
    pageSize: Partial<Record<keyof typeof PAGE_SIZE, number>> = {},
  ) {
    this.pageSize = { ...PAGE_SIZE, ...pageSize };
  }

  requestCount(): number {
    return this.requests;
  }

  waitMs(): number {
    return this.waited;
  }

  private async get<T>(path: string, query: Query, schema: z.ZodType<T>, signal?: AbortSignal, headers?: Record<string, string>): Promise<T> {
    this.requests++;
    const options: RequestOptions<T> = { query, schema };
    if (signal) options.signal = signal;
    if (headers) options.headers = headers;
    const started = performance.now();
    try {
      return (await this.http.request(`${PREFIX}${path}`, options)).data;
    } finally {
      this.waited += performance.now() - started;
    }
  }

  async summaries(startingDate: string, endingDate: string | null, signal?: AbortSignal): Promise<EngagementPage<SummaryDay>> {
    const query: Record<string, string> = { starting_date: startingDate };
    if (endingDate) query.ending_date = endingDate;
    const raw = await this.get('/summaries', query, SummariesPageSchema, signal);
    // Newest servers send `data` with `summaries` as a deprecated alias; older ones `summaries` only.
    const { items, skipped } = parseItems(SummaryDaySchema, raw.data ?? raw.summaries ?? []);
    return { items, skipped, next: null };
  }

  async users(startingDate: string, endingDate: string, page: string | null, signal?: AbortSignal): Promise<EngagementPage<UserActivity>> {
    const query: Record<string, string | number> = { starting_date: startingDate, ending_date: endingDate, limit: this.pageSize.users };
    if (page) query.page = page;
    const raw = await this.get('/users', query, EngagementPageSchema, signal);
    const { items, skipped } = parseItems(UserActivitySchema, raw.data);
    return { items, skipped, next: raw.next_page ?? null };
  }

  async usersOnDay(date: string, page: string | null, signal?: AbortSignal): Promise<EngagementPage<UserActivity>> {
    const query: Record<string, string | number> = { date, limit: this.pageSize.users };
    if (page) query.page = page;
    const raw = await this.get('/users', query, EngagementPageSchema, signal);
    const { items, skipped } = parseItems(UserActivitySchema, raw.data);
    return { items, skipped, next: raw.next_page ?? null };
  }

  async connectors(startingDate: string, endingDate: string, page: string | null, signal?: AbortSignal): Promise<EngagementPage<ConnectorActivity>> {
    const query: Record<string, string | number> = { starting_date: startingDate, ending_date: endingDate, limit: this.pageSize.users };
    if (page) query.page = page;
    const raw = await this.get('/connectors', query, EngagementPageSchema, signal);
    const { items, skipped } = parseItems(ConnectorActivitySchema, raw.data);
    return { items, skipped, next: raw.next_page ?? null };
  }

  private reportQuery(q: ReportQuery, page: string | null, widthParam: 'time_bucket_width' | 'bucket_width'): Query {
    const query: Record<string, string | number | string[]> = { starting_at: q.start, ending_at: q.end, limit: q.limit ?? (q.daily && widthParam === 'bucket_width' ? this.pageSize.buckets : this.pageSize.reports) };
    if (q.groupBy.length > 0) query['group_by[]'] = [...q.groupBy];
    if (q.daily) query[widthParam] = '1d';
    if (page) query.page = page;
    return query;
  }

  private async report<T>(path: string, query: Query, item: z.ZodType<T>, signal?: AbortSignal, headers?: Record<string, string>): Promise<ReportPage<T>> {
    const raw = await this.get(path, query, ReportPageSchema, signal, headers);
    const { items, skipped } = parseItems(item, raw.data);
    const next = raw.next_page ?? null;
    return { items, skipped, next: next !== null && raw.has_more !== false ? next : null, dataRefreshedAt: raw.data_refreshed_at ?? null };
  }

  cost(q: ReportQuery, page: string | null, signal?: AbortSignal): Promise<ReportPage<CostItem>> {
    return this.report('/cost', this.reportQuery(q, page, 'time_bucket_width'), CostItemSchema, signal, { 'anthropic-beta': USAGE_COST_BETA });
  }

  usage(q: ReportQuery, page: string | null, signal?: AbortSignal): Promise<ReportPage<UsageItem>> {
    return this.report('/usage', this.reportQuery(q, page, 'time_bucket_width'), UsageItemSchema, signal, { 'anthropic-beta': USAGE_COST_BETA });
  }

  userCostReport(q: ReportQuery, page: string | null, signal?: AbortSignal): Promise<ReportPage<LegacyUserRow>> {
    return this.report('/user_cost_report', this.reportQuery({ ...q, daily: false }, page, 'bucket_width'), LegacyUserRowSchema, signal);
  }

  userUsageReport(q: ReportQuery, page: string | null, signal?: AbortSignal): Promise<ReportPage<LegacyUserRow>> {
    return this.report('/user_usage_report', this.reportQuery({ ...q, daily: false }, page, 'bucket_width'), LegacyUserRowSchema, signal);
  }

  async dailyReport(kind: 'cost_report' | 'usage_report', q: ReportQuery, page: string | null, signal?: AbortSignal): Promise<ReportPage<LegacyUserRow & { starting_at: string }>> {
    const buckets = await this.report(`/${kind}`, this.reportQuery({ ...q, daily: true }, page, 'bucket_width'), LegacyBucketSchema, signal);
    const items: Array<LegacyUserRow & { starting_at: string }> = [];
    let skipped = buckets.skipped;
    for (const b of buckets.items) {
      const parsed = parseItems(LegacyUserRowSchema, b.results);
      skipped += parsed.skipped;
      for (const r of parsed.items) items.push({ ...r, starting_at: b.starting_at });
    }
    return { items, skipped, next: buckets.next, dataRefreshedAt: buckets.dataRefreshedAt };
  }
}
