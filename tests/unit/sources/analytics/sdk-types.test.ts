import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type {
  BetaAnalyticsConnectorActivity,
  BetaAnalyticsCostUsersItem,
  BetaAnalyticsSingleDayActivitySummary,
  BetaAnalyticsUsageUsersItem,
  BetaAnalyticsUserActivity,
} from '@anthropic-ai/sdk/resources/beta/organization/analytics/analytics';
import type { BetaAnalyticsCostItem } from '@anthropic-ai/sdk/resources/beta/organization/analytics/cost';
import type { BetaAnalyticsUsageItem } from '@anthropic-ai/sdk/resources/beta/organization/analytics/usage';
import type { ConnectorActivitySchema, CostItemSchema, LegacyUserRowSchema, SummaryDaySchema, UsageItemSchema, UserActivitySchema } from '../../../../lib/sources/analytics/schemas.ts';

/**
 * Our schemas agree with the vendor SDK's analytics types (@anthropic-ai/sdk 1.16, a dev dependency
 * only: it is never bundled). Checked by the type checker: every value the SDK can describe is an
 * input our schema was written to accept. Index signatures of our loose objects are stripped so only
 * the named fields are compared.
 */
type Named<T> = T extends object ? (T extends readonly unknown[] ? T : { [K in keyof T as string extends K ? never : K]: Named<T[K]> }) : T;
type Accepts<Schema extends z.ZodType, Sdk> = Named<Sdk> extends Named<z.input<Schema>> ? true : false;

describe('schemas agree with the SDK 1.16 analytics types', () => {
  it('engagement: user activity rows and daily summaries', () => {
    expectTypeOf<Accepts<typeof UserActivitySchema, BetaAnalyticsUserActivity>>().toEqualTypeOf<true>();
    expectTypeOf<Accepts<typeof SummaryDaySchema, BetaAnalyticsSingleDayActivitySummary>>().toEqualTypeOf<true>();
    expectTypeOf<Accepts<typeof ConnectorActivitySchema, BetaAnalyticsConnectorActivity>>().toEqualTypeOf<true>();
  });

  it('beta /usage and /cost items', () => {
    expectTypeOf<Accepts<typeof UsageItemSchema, BetaAnalyticsUsageItem>>().toEqualTypeOf<true>();
    expectTypeOf<Accepts<typeof CostItemSchema, BetaAnalyticsCostItem>>().toEqualTypeOf<true>();
  });

  it('legacy per-user report rows', () => {
    expectTypeOf<Accepts<typeof LegacyUserRowSchema, BetaAnalyticsUsageUsersItem>>().toEqualTypeOf<true>();
    expectTypeOf<Accepts<typeof LegacyUserRowSchema, BetaAnalyticsCostUsersItem>>().toEqualTypeOf<true>();
  });
});
