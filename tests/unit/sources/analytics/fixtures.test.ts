import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
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
} from '../../../../lib/sources/analytics/schemas.ts';
import { dayRow, spendFromCost, spendFromLegacy, spendFromUsage, userRow } from '../../../../lib/sources/analytics/derive.ts';
import { parseItems } from '../../../../lib/util/items.ts';

/**
 * Every documented response shape (specs/analytics-api.md §4, synthetic values, real shapes; copied to
 * tests/fixtures/analytics/) parses, and reads as the stored rows with nothing invented and nothing dropped.
 */
const fixture = (name: string): unknown => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../fixtures/analytics', `${name}.json`), 'utf8'));
const items = <T>(schema: z.ZodType<T>, page: { data: unknown[] }) => {
  const r = parseItems(schema, page.data);
  expect(r.skipped).toBe(0);
  return r.items;
};

describe('analytics fixtures of every documented era', () => {
  it('/users, current shape: Office with four apps, no last_activity_date on one row', () => {
    const [alice, bob] = items(UserActivitySchema, EngagementPageSchema.parse(fixture('users-current')));
    const a = userRow(alice!, '2026-03-01', '2026-03-11')!;
    expect(a).toMatchObject({ userId: 'user_01AliceAAAAAAAAAAAAAAAA', email: 'alice@example.com', lastActiveDate: '2026-03-10', chatMessages: 42, claudeCodeCommits: 3, linesAdded: 512, coworkMessages: 6, officeMessages: 3, webSearches: 9 });
    expect(Object.keys(a.products).sort()).toEqual(['chat_metrics', 'claude_code_metrics', 'cowork_metrics', 'design_metrics', 'office_metrics', 'science_metrics']);
    const b = userRow(bob!, '2026-03-01', '2026-03-11')!;
    expect(b.lastActiveDate).toBeNull(); // unknown, not "never"
    expect(b.officeMessages).toBe(0);
  });

  it('/users, launch era: no cowork, office, design or science blocks', () => {
    const [alice] = items(UserActivitySchema, EngagementPageSchema.parse(fixture('users-launch-era')));
    const a = userRow(alice!, '2026-02-01', '2026-02-21')!;
    expect(a).toMatchObject({ chatMessages: 15, claudeCodeCommits: 1, coworkMessages: 0, coworkSessions: null, officeMessages: 0, webSearches: 2 });
    expect(Object.keys(a.products).sort()).toEqual(['chat_metrics', 'claude_code_metrics']);
  });

  it('/users, SDK shape: every block kept, including ones the extension does not know', () => {
    const [row] = items(UserActivitySchema, EngagementPageSchema.parse(fixture('sdk-users')));
    const u = userRow(row!, '2026-09-01', '2026-09-11')!;
    expect(u.userId).toBe('user_01AliceAAAAAAAAAAAAAAAA');
    expect(Object.keys(u.products).length).toBeGreaterThanOrEqual(6);
  });

  it('/summaries in the {summaries} envelope; unknown fields are kept on the day', () => {
    const page = SummariesPageSchema.parse(fixture('summaries-legacy-envelope'));
    const days = parseItems(SummaryDaySchema, page.data ?? page.summaries ?? []).items.map(dayRow);
    expect(days.map((d) => d?.date)).toEqual(['2026-03-09', '2026-03-10']);
    expect(days[0]).toMatchObject({ dailyActiveUsers: 118, monthlyActiveUsers: 231, assignedSeats: 250, dailyAdoptionRate: 47.2 });
    expect(days[1]!.extra).toMatchObject({ cowork_daily_active_user_count: 14, claude_code_daily_active_user_count: 57 });
  });

  it('/usage and /cost (beta): actor, model and product from the group; money as exact cents', () => {
    const usage = items(UsageItemSchema, ReportPageSchema.parse(fixture('sdk-usage')));
    const u = spendFromUsage(usage[0]!, '2026-09');
    expect(u).toMatchObject({ actorKey: 'user_01AliceAAAAAAAAAAAAAAAA', amount: '0' });
    expect(u.totalTokens).toBeGreaterThan(0);
    const cost = items(CostItemSchema, ReportPageSchema.parse(fixture('sdk-cost')));
    const c = spendFromCost(cost[0]!, '2026-09');
    expect(c.model).toBe('claude-opus-5-5');
    expect(c.actorKey).toBe(''); // not grouped by actor: no actor, nothing invented
    expect(c.amount).toMatch(/^\d+(\.\d+)?$/);
  });

  it('legacy per-user reports: `email` or `email_address`, list_amount kept, tokens summed from their parts', () => {
    const cost = items(LegacyUserRowSchema, ReportPageSchema.parse(fixture('user-cost-report')));
    expect(spendFromLegacy(cost[0]!, '2026-03', 'cost')).toMatchObject({ actor: { email: 'alice@example.com' }, amount: '41280', listAmount: '51600', product: 'claude_code', model: '' });
    const usage = items(LegacyUserRowSchema, ReportPageSchema.parse(fixture('user-usage-report')));
    const u = spendFromLegacy(usage[0]!, '2026-03', 'usage');
    expect(u.totalTokens).toBe(u.uncachedInputTokens + u.cacheReadInputTokens + u.cacheCreationInputTokens + u.outputTokens);
    const sdk = items(LegacyUserRowSchema, ReportPageSchema.parse(fixture('sdk-user-usage-report')));
    expect(spendFromLegacy(sdk[0]!, '2026-09', 'usage').actor.email).toBe('alice@example.com');
  });

  it('legacy bucketed reports: empty buckets included, results per bucket', () => {
    const buckets = items(LegacyBucketSchema, ReportPageSchema.parse(fixture('usage-report-buckets')));
    expect(buckets[0]!.results).toEqual([]);
    const costs = items(LegacyBucketSchema, ReportPageSchema.parse(fixture('cost-report-buckets')));
    expect(costs.length).toBeGreaterThan(0);
  });
});
