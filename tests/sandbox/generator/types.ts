/** The generated organization's directory entities. Times are epoch milliseconds. */

export const ORGANIZATION_ROLES = [
  'admin', 'billing', 'claude_code_user', 'developer', 'managed', 'membership_admin', 'owner', 'primary_owner', 'user',
] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

export interface SandboxOrganization {
  index: number;
  uuid: string;
  /** Tagged form (`org_…`), as activity, chat and project records carry it. */
  id: string;
  name: string;
  createdAtMs: number;
  /** claude.ai organizations hold chats and projects; a Console organization holds API workloads only. */
  kind: 'claude_ai' | 'console';
}

export interface SandboxUser {
  index: number;
  id: string;
  email: string;
  fullName: string;
  givenName: string;
  familyName: string;
  createdAtMs: number;
  /** false for people who left: they vanish from directory lists, their history stays. */
  active: boolean;
  departedAtMs: number | null;
  scimManaged: boolean;
  /** The claude.ai organization the person mostly works in. */
  primaryOrg: number;
  ipAddress: string;
  userAgent: string;
}

export interface Membership {
  userIndex: number;
  orgIndex: number;
  role: OrganizationRole;
  joinedAtMs: number;
}

export interface RolePermission {
  action: string;
  resource_id: string;
  resource_type: string;
}

export interface SandboxRole {
  index: number;
  id: string;
  orgIndex: number;
  name: string;
  description: string | null;
  createdAtMs: number | null;
  updatedAtMs: number | null;
  permissions: RolePermission[];
}

export interface GroupMember {
  userIndex: number;
  addedAtMs: number;
  updatedAtMs: number | null;
}

export interface SandboxGroup {
  index: number;
  id: string;
  name: string;
  description: string | null;
  source: 'direct' | 'scim';
  roleIds: string[] | null;
  createdAtMs: number;
  updatedAtMs: number;
  members: GroupMember[];
}

export interface SandboxProject {
  index: number;
  id: string;
  name: string;
  description: string;
  instructions: string;
  orgIndex: number;
  /** -1 when the creator is unknown (`user: null`). */
  creatorUserIndex: number;
  createdAtMs: number;
  updatedAtMs: number;
  /** Soft-deleted in claude.ai (still listed with `deleted_at`). */
  deletedAtMs: number | null;
  isPrivate: boolean;
  /** Some projects never get chats, so a project delete can succeed without detaching anything. */
  acceptsChats: boolean;
  /** Hard-deleted through the API: gone from every endpoint. */
  hardDeleted: boolean;
  /** Extra group collaborator (index into groups), or -1. */
  sharedWithGroup: number;
}

export interface SandboxMcpServer {
  index: number;
  id: string;
  orgIndex: number;
  /** Display name when it was created. */
  originalName: string;
  renamedTo: string | null;
  renamedAtMs: number | null;
  url: string;
  tools: readonly string[];
  createdAtMs: number;
  /** Configured before the organization enabled the Compliance API: no `mcp_server_created` event exists. */
  preAudit: boolean;
  deletedAtMs: number | null;
}

export interface SettingRow {
  name: string;
  type: 'boolean' | 'integer' | 'string' | 'string_list' | 'provisioning_mode' | 'data_retention';
  value: unknown;
}

/** The server's display name at a given time. */
export function serverNameAt(server: SandboxMcpServer, atMs: number): string {
  return server.renamedTo !== null && server.renamedAtMs !== null && atMs >= server.renamedAtMs ? server.renamedTo : server.originalName;
}

export function serverCurrentName(server: SandboxMcpServer): string {
  return server.renamedTo ?? server.originalName;
}
