/**
 * Strict zod mirrors of the `@anthropic-ai/sdk` 1.10.0 analytics item types (specs/analytics-api.md
 * §4.13, §6.2–6.3): every required key present, no unknown keys, optional keys allowed.
 */
import { z } from 'zod';

const int = z.number().int().nonnegative();
const intOrNull = int.nullable();
const money = z.string().regex(/^\d+\.\d{6}$/);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ts = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

export const AnalyticsUser = z.strictObject({ id: z.string().startsWith('user_'), email_address: z.email(), type: z.literal('user') });

const officeProduct = z.strictObject({
  connectors_used_count: int,
  distinct_connectors_used_count: intOrNull,
  distinct_session_count: intOrNull,
  distinct_skills_used_count: intOrNull,
  message_count: int,
  skills_used_count: int,
});
const toolCounts = z.strictObject({ accepted_count: int, rejected_count: int });
const groupExtras = {
  rbac_group_id: z.string().nullable().optional(),
  rbac_group_name: z.string().nullable().optional(),
  user_id: z.string().nullable().optional(),
  product: z.string().nullable().optional(),
};

export const UserActivity = z.strictObject({
  user: AnalyticsUser.nullable().optional(),
  distinct_user_count: intOrNull.optional(),
  chat_metrics: z.strictObject({
    connectors_used_count: int,
    distinct_artifacts_created_count: int,
    distinct_connectors_used_count: intOrNull,
    distinct_conversation_count: intOrNull,
    distinct_files_uploaded_count: intOrNull,
    distinct_projects_created_count: int,
    distinct_projects_used_count: intOrNull,
    distinct_shared_artifacts_viewed_count: intOrNull,
    distinct_skills_used_count: intOrNull,
    message_count: int,
    shared_conversations_viewed_count: int,
    thinking_message_count: int,
  }),
  claude_code_metrics: z.strictObject({
    core_metrics: z.strictObject({
      artifacts_created_count: int,
      commit_count: int,
      distinct_session_count: intOrNull,
      lines_of_code: z.strictObject({ added_count: int, removed_count: int }),
      pull_request_count: int,
    }),
    tool_actions: z.strictObject({ edit_tool: toolCounts, multi_edit_tool: toolCounts, notebook_edit_tool: toolCounts, write_tool: toolCounts }),
  }),
  cowork_metrics: z.strictObject({
    action_count: int,
    artifacts_created_count: int,
    connectors_used_count: int,
    dispatch_turn_count: int,
    distinct_connectors_used_count: intOrNull,
    distinct_session_count: intOrNull,
    distinct_skills_used_count: intOrNull,
    message_count: int,
    skills_used_count: int,
    distinct_plugins_used_count: intOrNull,
    edit_tool_count: intOrNull,
    file_edit_count: intOrNull,
    multi_edit_tool_count: intOrNull,
    notebook_edit_tool_count: intOrNull,
    plugins_used_count: intOrNull,
    sessions_with_file_edits_count: intOrNull,
    write_tool_count: intOrNull,
  }),
  design_metrics: z.strictObject({ distinct_projects_created_count: int, distinct_projects_used_count: intOrNull, distinct_session_count: intOrNull, message_count: int }),
  office_metrics: z.strictObject({ excel: officeProduct, outlook: officeProduct, powerpoint: officeProduct, word: officeProduct }),
  science_metrics: z.strictObject({ delegation_count: int, distinct_session_count: intOrNull, message_count: int, remote_compute_job_count: int, skills_used_count: int }),
  web_search_count: int,
  last_activity_date: date.nullable().optional(),
  rbac_group_id: z.string().nullable().optional(),
  rbac_group_name: z.string().nullable().optional(),
  claude_tag_metrics: z.strictObject({ active_day_count: intOrNull, active_message_count: intOrNull }).optional(),
});

const perProduct = Object.fromEntries(
  ['chat', 'claude_code', 'claude_design', 'office_agent', 'science', 'claude_tag', 'chat_cowork_unified'].flatMap((p) =>
    ['daily', 'weekly', 'monthly'].map((w) => [`${p}_${w}_active_user_count`, intOrNull.optional()] as const),
  ),
);
export const DaySummary = z.strictObject({
  starting_at: ts,
  ending_at: ts,
  daily_active_user_count: int,
  weekly_active_user_count: int,
  monthly_active_user_count: int,
  assigned_seat_count: intOrNull,
  pending_invite_count: intOrNull,
  daily_adoption_rate: z.number().nullable(),
  weekly_adoption_rate: z.number().nullable(),
  monthly_adoption_rate: z.number().nullable(),
  cowork_daily_active_user_count: int,
  cowork_weekly_active_user_count: int,
  cowork_monthly_active_user_count: int,
  science_entitled_user_count: intOrNull.optional(),
  ...perProduct,
});

export const ProjectActivity = z.strictObject({
  project_id: z.string().startsWith('claude_proj_'),
  project_name: z.string(),
  distinct_user_count: int,
  message_count: int,
  distinct_conversation_count: intOrNull.optional(),
  created_at: ts.nullable().optional(),
  created_by: AnalyticsUser.nullable().optional(),
  ...groupExtras,
});

const officeOf = (key: string) => z.strictObject({ excel: z.strictObject({ [key]: intOrNull }), outlook: z.strictObject({ [key]: intOrNull }), powerpoint: z.strictObject({ [key]: intOrNull }), word: z.strictObject({ [key]: intOrNull }) });

export const SkillActivity = z.strictObject({
  skill_name: z.string(),
  distinct_user_count: int,
  chat_metrics: z.strictObject({ distinct_conversation_skill_used_count: intOrNull }),
  claude_code_metrics: z.strictObject({ distinct_session_skill_used_count: intOrNull }),
  cowork_metrics: z.strictObject({ distinct_session_skill_used_count: intOrNull }),
  office_metrics: officeOf('distinct_session_skill_used_count'),
  invocation_count: intOrNull,
  enable_count: intOrNull,
  estimated_overage_spend: money.nullable(),
  attributed_list_price: money.nullable(),
  currency: z.literal('USD').nullable(),
  share_status: z.enum(['organization', 'private', 'public']).nullable(),
  skill_display_name: z.string().nullable(),
  ...groupExtras,
});

export const ConnectorActivity = z.strictObject({
  connector_name: z.string(),
  connector_display_name: z.string().nullable(),
  distinct_user_count: int,
  chat_metrics: z.strictObject({ distinct_conversation_connector_used_count: intOrNull }),
  claude_code_metrics: z.strictObject({ distinct_session_connector_used_count: intOrNull }),
  cowork_metrics: z.strictObject({ distinct_session_connector_used_count: intOrNull }),
  office_metrics: officeOf('distinct_session_connector_used_count'),
  read_call_count: intOrNull,
  write_call_count: intOrNull,
  unclassified_call_count: intOrNull,
  managed_auth_distinct_user_count: intOrNull,
  individual_auth_distinct_user_count: intOrNull,
  ...groupExtras,
});

export const PluginActivity = z.strictObject({
  plugin_name: z.string(),
  plugin_id: z.string().nullable().optional(),
  distinct_user_count: int,
  install_count: intOrNull,
  invocation_count: int,
  claude_code_metrics: z.strictObject({ distinct_session_plugin_used_count: intOrNull }),
  cowork_metrics: z.strictObject({ distinct_session_plugin_used_count: intOrNull }),
  ...groupExtras,
});

export const ArtifactActivity = z.strictObject({
  artifact_type: z.string(),
  is_shared: z.boolean(),
  artifacts_created_count: int,
  published_artifacts_created_count: int,
  distinct_user_count: int,
  ...groupExtras,
});

export const UserActor = z.strictObject({ type: z.literal('user_actor'), user_id: z.string().startsWith('user_'), name: z.string().nullable(), email_address: z.string().nullable(), deleted: z.boolean() });

const legacyDims = {
  product: z.string().nullable(),
  model: z.string().nullable(),
  context_window: z.enum(['0-200k', '200k-1M']).nullable(),
  inference_geo: z.enum(['global', 'us']).nullable(),
  speed: z.enum(['fast', 'standard']).nullable(),
  rbac_group_id: z.string().nullable(),
  slack_channel_id: z.string().nullable(),
  claude_tag_category: z.string().nullable(),
  claude_tag_user_id: z.string().nullable(),
};
const tokens = {
  uncached_input_tokens: int,
  cache_read_input_tokens: int,
  cache_creation: z.strictObject({ ephemeral_1h_input_tokens: int, ephemeral_5m_input_tokens: int }),
  output_tokens: int,
  requests: intOrNull,
  server_tool_use: z.strictObject({ web_search_requests: int }),
};
const costType = z.enum(['tokens', 'web_search', 'code_execution', 'session_usage']).nullable();
const tokenType = z.enum(['uncached_input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation.ephemeral_5m_input_tokens', 'cache_creation.ephemeral_1h_input_tokens']).nullable();
const cost = { amount: money, list_amount: money, currency: z.literal('USD') };

export const UsageUsersItem = z.strictObject({ actor: UserActor, ...tokens, total_tokens: int, ...legacyDims, starting_at: ts.nullable(), ending_at: ts.nullable() });
export const CostUsersItem = z.strictObject({ actor: UserActor, ...cost, cost_type: costType, token_type: tokenType, requests: intOrNull, ...legacyDims, starting_at: ts.nullable(), ending_at: ts.nullable() });
export const UsageBucket = z.strictObject({ starting_at: ts, ending_at: ts, results: z.array(z.strictObject({ ...tokens, ...legacyDims })) });
export const CostBucket = z.strictObject({ starting_at: ts, ending_at: ts, results: z.array(z.strictObject({ ...cost, cost_type: costType, token_type: tokenType, requests: intOrNull, ...legacyDims })) });

const groupKeys = {
  actor: z.union([UserActor, z.strictObject({ type: z.literal('service_account_actor'), service_account_id: z.string() })]).nullable(),
  ...Object.fromEntries(
    [
      'actor_type',
      'agent_id',
      'api_key_id',
      'claude_tag_category',
      'claude_tag_user_id',
      'context_window',
      'deployment_id',
      'environment_id',
      'inference_geo',
      'model',
      'organization_id',
      'product',
      'rbac_group_id',
      'service_tier',
      'session_id',
      'slack_channel_id',
      'speed',
      'user_profile_id',
      'workspace_id',
    ].map((k) => [k, z.string().nullable()] as const),
  ),
};
export const UsageItem = z.strictObject({ starting_at: ts, ending_at: ts, group: z.strictObject(groupKeys), usage: z.strictObject({ ...tokens, total_tokens: int }) });
export const CostItem = z.strictObject({
  starting_at: ts,
  ending_at: ts,
  group: z.strictObject({ ...groupKeys, cost_type: costType, token_type: tokenType }),
  cost: z.strictObject({ ...cost, requests: intOrNull }),
});

export const EngagementPage = z.strictObject({ data: z.array(z.unknown()), next_page: z.string().startsWith('page_').nullable() });
export const ReportPage = z.strictObject({
  data: z.array(z.unknown()),
  has_more: z.boolean(),
  next_page: z.string().startsWith('page_').nullable(),
  data_refreshed_at: ts.nullable(),
  organization_id: z.string().startsWith('org_'),
});
export const ErrorBody = z.strictObject({
  type: z.literal('error'),
  error: z.object({ type: z.string(), message: z.string().min(1), details: z.record(z.string(), z.unknown()).optional() }),
  request_id: z.string().startsWith('req_'),
});
