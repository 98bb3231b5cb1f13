import { z } from 'zod';

/**
 * Response schemas of the Compliance API (/v1/compliance/*), tolerant by design: unknown fields pass
 * through, enum-like fields are plain strings (the API adds values every month), and fields the docs
 * mark optional or nullable are. A record that fails its schema is counted and skipped by the caller,
 * never a crash.
 */
const ts = z.string();
const nullableStr = z.string().nullable().optional().transform((v) => v ?? null);

export const ChatUserSchema = z.looseObject({ id: z.string(), email_address: nullableStr }).nullable().optional().transform((v) => v ?? null);

export const ChatSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullable().optional(),
  created_at: ts,
  updated_at: ts,
  deleted_at: nullableStr,
  model: nullableStr,
  organization_uuid: z.string(),
  organization_id: nullableStr,
  project_id: nullableStr,
  user: ChatUserSchema,
});
export type Chat = z.infer<typeof ChatSchema>;

export const ActorSchema = z.looseObject({ type: z.string() });
export type Actor = z.infer<typeof ActorSchema> & Record<string, unknown>;

export const ActivitySchema = z.looseObject({
  id: z.string(),
  created_at: ts,
  type: z.string(),
  organization_id: nullableStr,
  organization_uuid: nullableStr,
  actor: ActorSchema.nullable().optional().transform((v) => v ?? null),
});
export type Activity = z.infer<typeof ActivitySchema> & Record<string, unknown>;

export const OrganizationSchema = z.looseObject({ uuid: z.string(), name: z.string(), created_at: nullableStr });
export type Organization = z.infer<typeof OrganizationSchema>;

export const OrgUserSchema = z.looseObject({
  id: z.string(),
  email: z.string(),
  full_name: z.string().nullable().optional().transform((v) => v ?? ''),
  organization_role: z.string().nullable().optional().transform((v) => v ?? ''),
  created_at: nullableStr,
});
export type OrgUser = z.infer<typeof OrgUserSchema>;

export const RoleSchema = z.looseObject({ id: z.string(), name: z.string(), description: nullableStr, created_at: nullableStr, updated_at: nullableStr });
export type Role = z.infer<typeof RoleSchema>;

export const GroupSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: nullableStr,
  source_type: z.string().nullable().optional().transform((v) => v ?? 'direct'),
  roles: z.array(z.string()).nullable().optional().transform((v) => v ?? []),
  created_at: nullableStr,
  updated_at: nullableStr,
});
export type Group = z.infer<typeof GroupSchema>;

export const GroupMemberSchema = z.looseObject({ user_id: z.string(), email: z.string().nullable().optional().transform((v) => v ?? ''), created_at: nullableStr });
export type GroupMember = z.infer<typeof GroupMemberSchema>;

export const ProjectSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  created_at: ts,
  updated_at: ts,
  deleted_at: nullableStr,
  is_private: z.boolean().nullable().optional().transform((v) => v ?? true),
  organization_uuid: z.string(),
  user: ChatUserSchema,
});
export type Project = z.infer<typeof ProjectSchema>;

export const ApiKeyInfoSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullable().optional().transform((v) => v ?? ''),
  scopes: z.array(z.string()).default([]),
  is_active: z.boolean().default(true),
  created_at: nullableStr,
  created_by_id: nullableStr,
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfoSchema>;

export const SettingsSchema = z.looseObject({
  organization_id: z.string(),
  settings: z.array(z.looseObject({ name: z.string(), type: z.string(), value: z.unknown() })).default([]),
  api_keys: z.array(ApiKeyInfoSchema).default([]),
});
export type OrgSettings = z.infer<typeof SettingsSchema>;

export const ToolUseBlockSchema = z.looseObject({
  type: z.string(),
  name: z.string().nullable().optional(),
  integration_name: nullableStr,
  mcp_server_url: nullableStr,
});

export const ChatMessageSchema = z.looseObject({
  id: z.string(),
  role: z.string(),
  created_at: ts,
  content: z.array(ToolUseBlockSchema).nullable().optional().transform((v) => v ?? []),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/**
 * Page envelopes. Items are kept as `unknown` here and validated one by one, so a single record the
 * client cannot understand is skipped and counted instead of failing the page.
 */
export const CursorPageSchema = z.looseObject({
  data: z.array(z.unknown()),
  has_more: z.boolean().optional().default(false),
  first_id: nullableStr,
  last_id: nullableStr,
});
export type CursorPage = z.infer<typeof CursorPageSchema>;

export const TokenPageSchema = z.looseObject({
  data: z.array(z.unknown()),
  has_more: z.boolean().optional(),
  next_page: nullableStr,
});
export type TokenPage = z.infer<typeof TokenPageSchema>;

export const ChatMessagesPageSchema = z.looseObject({
  chat_messages: z.array(z.unknown()).default([]),
  has_more: z.boolean().optional().default(false),
  last_id: nullableStr,
});

/** Validates each item; returns the good ones and how many were skipped. */
export { parseItems } from '../../util/items.ts';

/** The activity types the inventory needs (spec §6.2) plus the directory changes that tell a refresh what to re-read. */
export const MCP_ACTIVITY_TYPES = [
  'mcp_server_created',
  'mcp_server_updated',
  'mcp_server_deleted',
  'mcp_tool_policy_updated',
  'admin_connector_request_resolved',
  'mcp_directory_server_published',
  'integration_user_connected',
  'integration_user_disconnected',
  'mcp_server_managed_auth_updated',
] as const;

/**
 * Plugin changes in the feed (spec §3.1): one that the previous run did not see makes the snapshot re-read the
 * plugins (admin-api.md §6) even when the directory is not due.
 */
export const PLUGIN_ACTIVITY_TYPES = [
  'claude_plugin_created',
  'claude_plugin_deleted',
  'claude_plugin_disabled',
  'claude_plugin_enabled',
  'claude_plugin_replaced',
  'claude_plugin_updated',
  'claude_plugin_security_scan_completed',
  'plugin_installation_preference_updated',
] as const;

/** The feed's chat deletion event (spec §3.1, `claude_chat_id`): the fast path of reconciling hard-deleted chats. */
export const CHAT_DELETION_TYPES = ['claude_chat_deleted'] as const;

export const DIRECTORY_ACTIVITY_TYPES = [
  'org_user_invite_accepted',
  'org_user_deleted',
  'org_user_left',
  'group_created',
  'group_updated',
  'group_deleted',
  'group_member_added',
  'group_member_removed',
  'rbac_role_created',
  'rbac_role_updated',
  'rbac_role_deleted',
  'rbac_role_assigned',
  'rbac_role_unassigned',
  'claude_project_created',
  'claude_project_deleted',
  'claude_project_archived',
  'claude_project_sharing_updated',
] as const;
