import { z } from 'zod';

/**
 * Admin API records (admin-api.md §2–3, the SDK 1.16 shapes), read tolerantly: unknown fields pass
 * through, enum-like values (roles, source types, resource types) stay strings, nullable where the
 * API may send null. A record without its id is skipped and counted, never fatal.
 */

/** `GET /v1/organizations/me`. */
export const OrganizationInfoSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string().optional(),
});

/** OrganizationUser. `role` stays a string: Enterprise and Console orgs use different role sets, and more may come. */
export const OrganizationUserSchema = z.looseObject({
  id: z.string().min(1),
  email: z.string(),
  name: z.string().nullable().optional(),
  role: z.string(),
  added_at: z.string().nullable().optional(),
  type: z.string().optional(),
});
export type OrganizationUser = z.infer<typeof OrganizationUserSchema>;

/** RBACGroup. `role_ids: null` means role data was temporarily unavailable (not "no roles"). */
export const RbacGroupSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  role_ids: z.array(z.string()).nullable().optional(),
  source_type: z.string(),
  created_at: z.string().nullable().optional(),
  updated_at: z.string().nullable().optional(),
  type: z.string().optional(),
});
export type RbacGroup = z.infer<typeof RbacGroupSchema>;

/** RBACGroupMember. */
export const RbacGroupMemberSchema = z.looseObject({
  rbac_group_id: z.string().optional(),
  user_id: z.string().min(1),
  email: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  type: z.string().optional(),
});
export type RbacGroupMember = z.infer<typeof RbacGroupMemberSchema>;

/** RBACRole. `source.type` may grow beyond built_in / custom: kept as sent. */
export const RbacRoleSchema = z.looseObject({
  id: z.string().min(1),
  display_name: z.string(),
  source: z.looseObject({ type: z.string() }).nullable().optional(),
  created_at: z.string().nullable().optional(),
  updated_at: z.string().nullable().optional(),
  type: z.string().optional(),
});
export type RbacRole = z.infer<typeof RbacRoleSchema>;

/** RBACRolePermission: a tagged resource union, read as one loose object so new resource types still parse. */
export const RbacRolePermissionSchema = z.looseObject({
  action: z.string(),
  resource: z.looseObject({
    type: z.string(),
    organization_id: z.string().optional(),
    connector_id: z.string().optional(),
    tool_name: z.string().optional(),
    scope: z.string().optional(),
  }),
  type: z.string().optional(),
});
export type RbacRolePermission = z.infer<typeof RbacRolePermissionSchema>;

/** `Page` (§1.5): users, invites, api_keys. */
export const PageSchema = z.looseObject({
  data: z.array(z.unknown()),
  has_more: z.boolean().optional(),
  first_id: z.string().nullable().optional(),
  last_id: z.string().nullable().optional(),
});

/** `PageCursor` (§1.5): RBAC groups, members, roles, permissions. */
export const PageCursorSchema = z.looseObject({
  data: z.array(z.unknown()),
  next_page: z.string().nullable().optional(),
});

/**
 * SpendLimitScope (admin-api.md §4.2): a tagged union read as one loose object, so scope types the API
 * adds later still parse (kept as strings). The id of the scope is whichever of the known id fields is set.
 */
export const SpendLimitScopeSchema = z.looseObject({
  type: z.string(),
  user_id: z.string().optional(),
  seat_tier: z.string().optional(),
  rbac_group_id: z.string().optional(),
  service: z.string().optional(),
  workspace_id: z.string().optional(),
});
export type SpendLimitScope = z.infer<typeof SpendLimitScopeSchema>;

/** SpendSummary `actor`: a member (`user_actor`) or a scoped API key; other types kept as sent. */
export const SpendActorSchema = z.looseObject({
  type: z.string(),
  user_id: z.string().optional(),
  email_address: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  deleted: z.boolean().optional(),
  scoped_api_key_id: z.string().optional(),
});
export type SpendActor = z.infer<typeof SpendActorSchema>;

/** Money strings: integer minor units for limits, up to 3 decimals for spend; a number is accepted too (tolerance). */
const MoneyString = z.union([z.string(), z.number()]);

/**
 * SpendSummary: one row per (member, period) of the effective spend-limit report. `amount: null` = no
 * cap for this period; `source` is the scope the limit was inherited from (a member's own override has
 * `source.type === 'user'`). Unknown fields pass through and are kept.
 */
export const SpendSummarySchema = z.looseObject({
  actor: SpendActorSchema,
  amount: MoneyString.nullable(),
  currency: z.string().optional(),
  period: z.string().min(1),
  period_to_date_spend: MoneyString.nullable().optional(),
  scope: SpendLimitScopeSchema.nullable().optional(),
  source: SpendLimitScopeSchema.nullable().optional(),
  spend_limit_id: z.string().nullable().optional(),
});
export type SpendSummary = z.infer<typeof SpendSummarySchema>;

/** SpendLimitIncreaseRequest (§4.2); `spend_summary` is the requester's live summary while pending. */
export const SpendLimitIncreaseRequestSchema = z.looseObject({
  id: z.string().min(1),
  actor: SpendActorSchema,
  status: z.string(),
  period: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  resolved_at: z.string().nullable().optional(),
  resolved_by: SpendActorSchema.nullable().optional(),
  spend_summary: SpendSummarySchema.nullable().optional(),
  type: z.string().optional(),
});
export type SpendLimitIncreaseRequest = z.infer<typeof SpendLimitIncreaseRequestSchema>;
