import type { Table } from 'dexie';
import type { SchemaVersion } from '../../db/schema.ts';

/**
 * What an Admin API sync keeps (admin-api.md §2–3): every organization member with their role, every
 * RBAC group (`direct` and `scim`) with its members and role ids, and the role catalogue with each
 * role's permissions. This is what SCIM cannot see: people and groups created in the Claude UI.
 * A sync stages what it reads (`adminStage`) and publishes in one transaction.
 */
export interface AdminUserRow {
  /** Tagged user id, `user_…`. */
  id: string;
  email: string;
  name: string;
  /** OrganizationRole as the API sent it (`user`, `managed`, `owner`, `primary_owner`, `membership_admin`, …). */
  role: string;
  /** RFC 3339: when the person joined the organization. */
  addedAt: string;
}

export interface AdminGroupRow {
  /** `rbac_group_…` (the same id appears in Analytics and Compliance groups). */
  id: string;
  /** Not unique. */
  name: string;
  /** `direct` (writable through the Admin API) or `scim` (read-only there while SCIM is on); kept as sent. */
  sourceType: string;
  /** RBAC role ids attached; null = the API said role data is temporarily unavailable. */
  roleIds: string[] | null;
  createdAt: string;
  updatedAt: string;
  memberCount: number;
  /**
   * Whether a role of this group grants owner access: true when known (from role permissions, or learned
   * from an `rbac_group_grants_owner_access` refusal), false when known not to, null when unknown.
   */
  ownerAccess: boolean | null;
}

export interface AdminMemberRow {
  groupId: string;
  userId: string;
  email: string;
  /** When the person was added to the group. */
  addedAt: string;
}

/** One permission row of a role (admin-api.md §3.2 RBACRolePermission), flattened. */
export interface AdminPermission {
  action: string;
  resourceType: string;
  connectorId: string | null;
  toolName: string | null;
  scope: string | null;
}

export interface AdminRoleRow {
  id: string;
  displayName: string;
  /** `built_in`, `custom`, or a later type as sent (never read "not built_in" as custom). */
  sourceType: string;
  permissions: AdminPermission[];
}

/** Where an effective limit comes from (admin-api.md §4.2 SpendLimitScope), flattened; types kept as sent. */
export interface LimitScope {
  /** `user` (the member's own override), `seat_tier`, `rbac_group`, `organization_service`, `organization`, or a later type. */
  type: string;
  /** The id of the scope where it has one (user id, seat tier, RBAC group id, service, workspace id); null for `organization`. */
  id: string | null;
}

/**
 * One row of the effective spend-limit report (`GET /spend_limits/effective`, §4.1): one per (member,
 * period) that resolves a limit. Money stays exact strings in the minor unit of `currency` (cents for USD).
 */
export interface AdminSpendLimitRow {
  /** `<actor key>|<period>`: one row per actor and period. */
  id: string;
  /** `user_actor`, `scoped_api_key_actor`, or a later type as sent. */
  actorType: string;
  /** `user_…` for a member; null for a scoped API key. */
  userId: string | null;
  /** The scoped API key's id, for key rows. */
  apiKeyId: string | null;
  email: string | null;
  name: string | null;
  /** The member has left the organization. */
  deleted: boolean;
  /** `daily`, `weekly`, `monthly`, or a later value as sent. */
  period: string;
  /** The effective cap in minor units; null = no cap for this period. */
  amount: string | null;
  currency: string;
  /** Period-to-date spend in minor units (up to 3 decimals); "0" while the reading is unavailable. */
  spent: string;
  /** The scope the row is reported for. */
  scope: LimitScope | null;
  /** The scope the effective limit was inherited from; `user` = the member's own override. */
  source: LimitScope | null;
  spendLimitId: string | null;
  /** The record as the API sent it (unknown fields kept). */
  raw: Record<string, unknown>;
}

/** A pending spend-limit increase request (`GET /spend_limit_increase_requests?status[]=pending`). */
export interface AdminLimitRequestRow {
  id: string;
  userId: string | null;
  email: string | null;
  name: string | null;
  status: string;
  period: string | null;
  createdAt: string | null;
  /** The requester's live summary while pending: current cap and spend (minor units), when the API sent it. */
  amount: string | null;
  spent: string | null;
  currency: string | null;
  raw: Record<string, unknown>;
}

export interface AdminStagedRow {
  seq?: number;
  table: 'adminUsers' | 'adminGroups' | 'adminMembers' | 'adminRoles' | 'adminSpendLimits' | 'adminLimitRequests';
  key: string;
  row: AdminUserRow | AdminGroupRow | AdminMemberRow | AdminRoleRow | AdminSpendLimitRow | AdminLimitRequestRow;
}

export const ADMIN_SCHEMA: SchemaVersion[] = [
  {
    // v8: the Admin API source.
    version: 8,
    stores: {
      adminUsers: 'id, email, role',
      adminGroups: 'id, name, sourceType',
      adminMembers: '[groupId+userId], userId, email',
      adminRoles: 'id',
      adminStage: '++seq, [table+key]',
    },
  },
  {
    // v13: effective per-person spend limits and pending increase requests (admin-api.md §4), staged in
    // adminStage and published with the rest of an Admin API sync.
    version: 13,
    stores: {
      adminSpendLimits: 'id, userId, period',
      adminLimitRequests: 'id, userId, status',
    },
  },
];

export interface AdminTables {
  adminUsers: Table<AdminUserRow, string>;
  adminGroups: Table<AdminGroupRow, string>;
  adminMembers: Table<AdminMemberRow, [string, string]>;
  adminRoles: Table<AdminRoleRow, string>;
  adminStage: Table<AdminStagedRow, number>;
  adminSpendLimits: Table<AdminSpendLimitRow, string>;
  adminLimitRequests: Table<AdminLimitRequestRow, string>;
}
