import { z } from 'zod';

/**
 * Response shapes of the Analytics API (specs/analytics-api.md), read tolerantly: every documented era
 * (`summaries` vs `data`, launch-era /users rows without cowork/office/design/science blocks, Office with
 * two or four apps, `email` vs `email_address`) parses, and fields the extension does not know are kept.
 * Numbers that a newer server may null are read as `number | null`.
 */

const int = z.number().int();
const count = z.number().nullable().optional();

// ---- Engagement ----

export const SummaryDaySchema = z.looseObject({
  starting_at: z.string().optional(),
  starting_date: z.string().optional(),
  ending_at: z.string().optional(),
  daily_active_user_count: z.number().nullable().optional(),
  weekly_active_user_count: z.number().nullable().optional(),
  monthly_active_user_count: z.number().nullable().optional(),
  assigned_seat_count: z.number().nullable().optional(),
  pending_invite_count: z.number().nullable().optional(),
  daily_adoption_rate: z.number().nullable().optional(),
});
export type SummaryDay = z.infer<typeof SummaryDaySchema>;

/** `{summaries}` (through Aug 2026) or `{data, next_page}` (newest SDK, `summaries` kept as an alias). */
export const SummariesPageSchema = z.looseObject({
  data: z.array(z.unknown()).optional(),
  summaries: z.array(z.unknown()).optional(),
  next_page: z.string().nullable().optional(),
});

export const UserActivitySchema = z.looseObject({
  user: z.looseObject({ id: z.string(), email_address: z.string().nullable().optional(), email: z.string().nullable().optional() }).nullable(),
  chat_metrics: z.looseObject({ message_count: count, distinct_conversation_count: count }).optional(),
  claude_code_metrics: z
    .looseObject({
      core_metrics: z
        .looseObject({
          commit_count: count,
          pull_request_count: count,
          distinct_session_count: count,
          lines_of_code: z.looseObject({ added_count: count, removed_count: count }).optional(),
        })
        .optional(),
    })
    .optional(),
  cowork_metrics: z.looseObject({ distinct_session_count: count, message_count: count }).optional(),
  office_metrics: z.record(z.string(), z.unknown()).optional(),
  design_metrics: z.looseObject({ message_count: count }).optional(),
  science_metrics: z.looseObject({ message_count: count }).optional(),
  // Briefly named so on 2026-07-01.
  bioscience_metrics: z.looseObject({ message_count: count }).optional(),
  web_search_count: count,
  last_activity_date: z.string().nullable().optional(),
});
export type UserActivity = z.infer<typeof UserActivitySchema>;

/** A row of GET /connectors. */
export const ConnectorActivitySchema = z.looseObject({
  connector_name: z.string(),
  connector_display_name: z.string().nullable().optional(),
  distinct_user_count: count,
  chat_metrics: z.looseObject({ distinct_conversation_connector_used_count: count }).nullable().optional(),
  claude_code_metrics: z.looseObject({ distinct_session_connector_used_count: count }).nullable().optional(),
  cowork_metrics: z.looseObject({ distinct_session_connector_used_count: count }).nullable().optional(),
  read_call_count: count,
  write_call_count: count,
});
export type ConnectorActivity = z.infer<typeof ConnectorActivitySchema>;

/** users, projects, skills, connectors, plugins: `data[]` and `next_page` (no has_more). */
export const EngagementPageSchema = z.looseObject({ data: z.array(z.unknown()), next_page: z.string().nullable().optional() });

// ---- Usage & cost (beta /usage, /cost; legacy reports) ----

/** `ReportPageCursor`: data, has_more, next_page, data_refreshed_at (organization_id on the legacy reports). */
export const ReportPageSchema = z.looseObject({
  data: z.array(z.unknown()),
  has_more: z.boolean().optional(),
  next_page: z.string().nullable().optional(),
  data_refreshed_at: z.string().nullable().optional(),
});

const ActorSchema = z.looseObject({
  type: z.string(),
  user_id: z.string().optional(),
  email_address: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  deleted: z.boolean().optional(),
  service_account_id: z.string().optional(),
  api_key_id: z.string().optional(),
  subject: z.string().nullable().optional(),
  provider: z.looseObject({ type: z.string().optional() }).nullable().optional(),
});
export type RawActor = z.infer<typeof ActorSchema>;

const TokensSchema = z.looseObject({
  uncached_input_tokens: count,
  cache_read_input_tokens: count,
  cache_creation: z.looseObject({ ephemeral_5m_input_tokens: count, ephemeral_1h_input_tokens: count }).nullable().optional(),
  output_tokens: count,
  total_tokens: count,
  requests: count,
  server_tool_use: z.looseObject({ web_search_requests: count }).nullable().optional(),
});
export type RawTokens = z.infer<typeof TokensSchema>;

const MoneySchema = z.union([z.string(), z.number()]);

const CostSchema = z.looseObject({
  amount: MoneySchema,
  list_amount: MoneySchema.nullable().optional(),
  currency: z.string().optional(),
  requests: count,
});
export type RawCost = z.infer<typeof CostSchema>;

const GroupSchema = z.looseObject({
  actor: ActorSchema.nullable().optional(),
  model: z.string().nullable().optional(),
  product: z.string().nullable().optional(),
  rbac_group_id: z.string().nullable().optional(),
});

/** One item of GET /usage. */
export const UsageItemSchema = z.looseObject({ starting_at: z.string().nullable().optional(), ending_at: z.string().nullable().optional(), group: GroupSchema.optional(), usage: TokensSchema });
/** One item of GET /cost. */
export const CostItemSchema = z.looseObject({ starting_at: z.string().nullable().optional(), ending_at: z.string().nullable().optional(), group: GroupSchema.optional(), cost: CostSchema });
export type UsageItem = z.infer<typeof UsageItemSchema>;
export type CostItem = z.infer<typeof CostItemSchema>;

/** A row of the legacy per-user reports (user_usage_report, user_cost_report): flat fields. */
export const LegacyUserRowSchema = TokensSchema.extend({
  actor: ActorSchema.nullable().optional(),
  model: z.string().nullable().optional(),
  product: z.string().nullable().optional(),
  rbac_group_id: z.string().nullable().optional(),
  amount: MoneySchema.optional(),
  list_amount: MoneySchema.nullable().optional(),
});
export type LegacyUserRow = z.infer<typeof LegacyUserRowSchema>;

/** A bucket of the legacy usage_report / cost_report. */
export const LegacyBucketSchema = z.looseObject({ starting_at: z.string(), ending_at: z.string(), results: z.array(z.unknown()) });

export { int };
