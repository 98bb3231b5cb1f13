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

export interface AdminStagedRow {
  seq?: number;
  table: 'adminUsers' | 'adminGroups' | 'adminMembers' | 'adminRoles';
  key: string;
  row: AdminUserRow | AdminGroupRow | AdminMemberRow | AdminRoleRow;
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
];

export interface AdminTables {
  adminUsers: Table<AdminUserRow, string>;
  adminGroups: Table<AdminGroupRow, string>;
  adminMembers: Table<AdminMemberRow, [string, string]>;
  adminRoles: Table<AdminRoleRow, string>;
  adminStage: Table<AdminStagedRow, number>;
}
