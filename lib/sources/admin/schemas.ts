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
