import type { Page, RequestMeter } from '../../jobs/types.ts';
import type { Plugin, PluginVersion } from './plugins.ts';
import type { Activity, Chat, ChatMessage, Group, GroupMember, Organization, OrgSettings, OrgUser, Project, Role } from './schemas.ts';

/**
 * What the snapshot job needs from the Compliance API. The real implementation is
 * ./client.ts; the interface keeps the job testable and the paging rules in one place.
 */
export interface SnapshotSource extends RequestMeter {
  organizations(page: string | null, signal?: AbortSignal): Promise<Page<Organization>>;
  users(orgUuid: string, page: string | null, signal?: AbortSignal): Promise<Page<OrgUser>>;
  roles(orgUuid: string, page: string | null, signal?: AbortSignal): Promise<Page<Role>>;
  groups(page: string | null, signal?: AbortSignal): Promise<Page<Group>>;
  groupMembers(groupId: string, page: string | null, signal?: AbortSignal): Promise<Page<GroupMember>>;
  settings(orgUuid: string, signal?: AbortSignal): Promise<OrgSettings | null>;
  /** Projects, optionally only those updated since `updatedSince` (RFC 3339). */
  projects(page: string | null, updatedSince: string | null, signal?: AbortSignal): Promise<Page<Project>>;
  /** Org-wide chats ordered by updated_at, at the maximum page size; `since` is used only without a cursor. */
  chats(afterId: string | null, since: string | null, signal?: AbortSignal): Promise<Page<Chat>>;
  /** The inventory and directory activity types, oldest first, at the maximum page size; `since` filters by created_at. */
  activities(afterId: string | null, signal?: AbortSignal, since?: string | null): Promise<Page<Activity>>;
  /** Whether a chat still exists (false on 404: hard-deleted). One cheap request. */
  chatExists(chatId: string, signal?: AbortSignal): Promise<boolean>;
  /** One chat's messages (deep scan). */
  chatMessages(chatId: string, signal?: AbortSignal): Promise<{ chat: Chat; messages: ChatMessage[] } | null>;
  /** The organization's plugins (beta Plugins API, same key); optional so a source without it skips the phase. */
  plugins?(page: string | null, signal?: AbortSignal): Promise<Page<Plugin>>;
  pluginVersion?(pluginId: string, versionId: string, signal?: AbortSignal): Promise<PluginVersion>;
}
