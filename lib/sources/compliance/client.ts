import type { z } from 'zod';
import type { HttpClient, Query, QueryValue, RequestOptions } from '../../api/http/index.ts';
import type { Page } from '../../jobs/types.ts';
import type { SnapshotSource } from './source.ts';

type MutableQuery = Record<string, QueryValue>;
import {
  ActivitySchema,
  ChatMessageSchema,
  ChatMessagesPageSchema,
  CHAT_DELETION_TYPES,
  ChatSchema,
  CursorPageSchema,
  DIRECTORY_ACTIVITY_TYPES,
  GroupMemberSchema,
  GroupSchema,
  MCP_ACTIVITY_TYPES,
  OrganizationSchema,
  PLUGIN_ACTIVITY_TYPES,
  OrgUserSchema,
  parseItems,
  ProjectSchema,
  RoleSchema,
  SettingsSchema,
  TokenPageSchema,
  type Activity,
  type Chat,
} from './schemas.ts';
import { PluginPageSchema, PluginSchema, PLUGINS_BETA, PLUGINS_PAGE_SIZE, PluginVersionSchema, type Plugin, type PluginVersion } from './plugins.ts';

/** Maximum page sizes (spec §2): the fewer requests, the lighter our share of the org's 600/min budget. */
export const PAGE_SIZE = {
  activities: 5000,
  chats: 1000,
  organizations: 1000,
  users: 1000,
  roles: 1000,
  groups: 1000,
  members: 1000,
  projects: 100,
} as const;

const enc = encodeURIComponent;

/**
 * The Compliance API client used by the snapshot job. Every list is read at its maximum page size;
 * items are validated one by one so a record the client does not understand is skipped and counted.
 */
export class ComplianceClient implements SnapshotSource {
  private requests = 0;
  private waited = 0;

  constructor(private readonly http: HttpClient) {}

  requestCount(): number {
    return this.requests;
  }

  waitMs(): number {
    return this.waited;
  }

  private async get<T>(path: string, query: Query, schema: z.ZodType<T>, signal?: AbortSignal, headers?: Record<string, string>): Promise<T> {
    this.requests++;
    const options: RequestOptions<T> = { query, schema };
    if (headers) options.headers = headers;
    if (signal) options.signal = signal;
    const started = performance.now();
    try {
      const res = await this.http.request(path, options);
      return res.data;
    } finally {
      this.waited += performance.now() - started;
    }
  }

  private async tokenPage<T>(path: string, query: Query, item: z.ZodType<T>, signal?: AbortSignal): Promise<Page<T>> {
    const raw = await this.get(path, query, TokenPageSchema, signal);
    const { items, skipped } = parseItems(item, raw.data);
    const next = raw.next_page ?? null;
    // Stop when the token is absent, or when has_more says so (spec: token endpoints send both).
    const hasMore = next !== null && raw.has_more !== false;
    return { items, skipped, next: hasMore ? next : null, hasMore };
  }

  private async cursorPage<T>(path: string, query: Query, item: z.ZodType<T>, signal?: AbortSignal): Promise<Page<T>> {
    const raw = await this.get(path, query, CursorPageSchema, signal);
    const { items, skipped } = parseItems(item, raw.data);
    return { items, skipped, next: raw.last_id ?? null, hasMore: raw.has_more === true && raw.data.length > 0 };
  }

  organizations(page: string | null, signal?: AbortSignal) {
    return this.tokenPage('/v1/compliance/organizations', { limit: PAGE_SIZE.organizations, page: page ?? undefined }, OrganizationSchema, signal);
  }

  users(orgUuid: string, page: string | null, signal?: AbortSignal) {
    return this.tokenPage(`/v1/compliance/organizations/${enc(orgUuid)}/users`, { limit: PAGE_SIZE.users, page: page ?? undefined }, OrgUserSchema, signal);
  }

  roles(orgUuid: string, page: string | null, signal?: AbortSignal) {
    return this.tokenPage(`/v1/compliance/organizations/${enc(orgUuid)}/roles`, { limit: PAGE_SIZE.roles, page: page ?? undefined }, RoleSchema, signal);
  }

  groups(page: string | null, signal?: AbortSignal) {
    return this.tokenPage('/v1/compliance/groups', { limit: PAGE_SIZE.groups, page: page ?? undefined }, GroupSchema, signal);
  }

  groupMembers(groupId: string, page: string | null, signal?: AbortSignal) {
    return this.tokenPage(`/v1/compliance/groups/${enc(groupId)}/members`, { limit: PAGE_SIZE.members, page: page ?? undefined }, GroupMemberSchema, signal);
  }

  async settings(orgUuid: string, signal?: AbortSignal) {
    try {
      return await this.get(`/v1/compliance/organizations/${enc(orgUuid)}/settings`, {}, SettingsSchema, signal);
    } catch (err) {
      // 404 also means "settings endpoint not enabled for this parent" (spec §2.5): not fatal for a snapshot.
      if ((err as { status?: number }).status === 404) return null;
      throw err;
    }
  }

  projects(page: string | null, updatedSince: string | null, signal?: AbortSignal) {
    const query: MutableQuery = { limit: PAGE_SIZE.projects, page: page ?? undefined };
    // Page tokens are bound to the query, so every page of a walk repeats the same filter.
    if (updatedSince) query['updated_at.gte'] = updatedSince;
    return this.tokenPage('/v1/compliance/apps/projects', query, ProjectSchema, signal);
  }

  chats(afterId: string | null, since: string | null, signal?: AbortSignal): Promise<Page<Chat>> {
    const query: MutableQuery = { order_by: 'updated_at', limit: PAGE_SIZE.chats };
    if (afterId) query.after_id = afterId;
    else if (since) query['updated_at.gte'] = since;
    return this.cursorPage('/v1/compliance/apps/chats', query, ChatSchema, signal);
  }

  activities(afterId: string | null, signal?: AbortSignal, since?: string | null): Promise<Page<Activity>> {
    const query: MutableQuery = {
      'activity_types[]': [...MCP_ACTIVITY_TYPES, ...DIRECTORY_ACTIVITY_TYPES, ...CHAT_DELETION_TYPES, ...PLUGIN_ACTIVITY_TYPES],
      order: 'asc',
      limit: PAGE_SIZE.activities,
    };
    if (since) query['created_at.gte'] = since;
    if (afterId) query.after_id = afterId;
    return this.cursorPage('/v1/compliance/activities', query, ActivitySchema, signal) as Promise<Page<Activity>>;
  }

  /**
   * One page of the organization's plugins (admin-api.md §6.2, beta), read with the Compliance key. The beta
   * header is required (without it the API answers 404). Sending the key as `x-api-key` is [inferred] (§1.3).
   */
  async plugins(page: string | null, signal?: AbortSignal): Promise<Page<Plugin>> {
    const raw = await this.get('/v1/organizations/plugins', { limit: PLUGINS_PAGE_SIZE, page: page ?? undefined }, PluginPageSchema, signal, { 'anthropic-beta': PLUGINS_BETA });
    const { items, skipped } = parseItems(PluginSchema, raw.data);
    const next = raw.next_page ? raw.next_page : null;
    return { items, skipped, next, hasMore: next !== null };
  }

  /** A plugin version's metadata (never its archive: see ./plugins.ts). */
  pluginVersion(pluginId: string, versionId: string, signal?: AbortSignal): Promise<PluginVersion> {
    return this.get(`/v1/organizations/plugins/${enc(pluginId)}/versions/${enc(versionId)}`, {}, PluginVersionSchema, signal, { 'anthropic-beta': PLUGINS_BETA });
  }

  /** One page of a plugin's installation settings (§6.4; organization-wide and per RBAC group). */
  pluginInstallationSettings(pluginId: string, page: string | null, signal?: AbortSignal) {
    return this.get(`/v1/organizations/plugins/${enc(pluginId)}/installation_settings`, { limit: PLUGINS_PAGE_SIZE, page: page ?? undefined }, PluginPageSchema, signal, { 'anthropic-beta': PLUGINS_BETA });
  }

  /** One page of a member-owned plugin's shares (§6.4). */
  pluginShares(pluginId: string, page: string | null, signal?: AbortSignal) {
    return this.get(`/v1/organizations/plugins/${enc(pluginId)}/shares`, { limit: PLUGINS_PAGE_SIZE, page: page ?? undefined }, PluginPageSchema, signal, { 'anthropic-beta': PLUGINS_BETA });
  }

  async chatExists(chatId: string, signal?: AbortSignal): Promise<boolean> {
    try {
      // One message is enough to tell: a hard-deleted chat answers 404 (spec §2.8, §2.13).
      await this.get(`/v1/compliance/apps/chats/${enc(chatId)}/messages`, { limit: 1 }, ChatSchema, signal);
      return true;
    } catch (err) {
      if ((err as { status?: number }).status === 404) return false;
      throw err;
    }
  }

  async chatMessages(chatId: string, signal?: AbortSignal) {
    try {
      const raw = await this.get(`/v1/compliance/apps/chats/${enc(chatId)}/messages`, {}, ChatSchema.and(ChatMessagesPageSchema), signal);
      const chat = ChatSchema.parse(raw);
      const { items } = parseItems(ChatMessageSchema, raw.chat_messages);
      return { chat, messages: items };
    } catch (err) {
      if ((err as { status?: number }).status === 404) return null; // hard-deleted since it was listed
      throw err;
    }
  }
}
