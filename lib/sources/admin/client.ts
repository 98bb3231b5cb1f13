import type { z } from 'zod';
import { ApiError, type HttpClient, type Query, type RequestOptions } from '../../api/http/index.ts';
import type { AdminWrites } from '../../identity/contract.ts';
import type { RequestMeter } from '../../jobs/types.ts';
import { parseItems } from '../../util/items.ts';
import {
  OrganizationInfoSchema,
  OrganizationUserSchema,
  PageCursorSchema,
  PageSchema,
  RbacGroupMemberSchema,
  RbacGroupSchema,
  RbacRolePermissionSchema,
  RbacRoleSchema,
  SpendLimitIncreaseRequestSchema,
  SpendSummarySchema,
  type OrganizationUser,
  type RbacGroup,
  type RbacGroupMember,
  type RbacRole,
  type RbacRolePermission,
  type SpendLimitIncreaseRequest,
  type SpendSummary,
} from './schemas.ts';

export const ADMIN_PREFIX = '/v1/organizations';

/**
 * Requested page size. The Admin API states no default or maximum (admin-api.md §1.5) [unverified]:
 * 1000 is asked for, a server that answers fewer is paged by what it returned, and a server that
 * refuses the size with a plain 400 is asked again with {@link FALLBACK_PAGE_SIZE}.
 */
export const ADMIN_PAGE_SIZE = 1000;
export const FALLBACK_PAGE_SIZE = 100;

export interface AdminPage<T> {
  items: T[];
  skipped: number;
  /** Records the page held, valid or not. */
  returned: number;
  /** The cursor of the next page (`last_id` for Page lists, `next_page` for PageCursor lists), or null at the end. */
  next: string | null;
}

/** What the sync needs of the Admin API (the interface keeps the job testable). */
export interface AdminSource extends RequestMeter {
  users(afterId: string | null, signal?: AbortSignal): Promise<AdminPage<OrganizationUser>>;
  groups(page: string | null, signal?: AbortSignal): Promise<AdminPage<RbacGroup>>;
  members(groupId: string, page: string | null, signal?: AbortSignal): Promise<AdminPage<RbacGroupMember>>;
  roles(page: string | null, signal?: AbortSignal): Promise<AdminPage<RbacRole>>;
  permissions(roleId: string, page: string | null, signal?: AbortSignal): Promise<AdminPage<RbacRolePermission>>;
  /** Effective spend limits (`PageCursor`, §4.1): one row per (member, period); a member's rows never split across pages. */
  spendLimits(page: string | null, signal?: AbortSignal): Promise<AdminPage<SpendSummary>>;
  /** Pending spend-limit increase requests (`PageCursor`, newest first). */
  increaseRequests(page: string | null, signal?: AbortSignal): Promise<AdminPage<SpendLimitIncreaseRequest>>;
}

const seg = (id: string) => encodeURIComponent(id);

/**
 * The Admin API client: the reads of a sync (users by `Page`, RBAC groups, members, roles and
 * permissions by `PageCursor`) and the writes provisioning uses ({@link AdminWrites}). Failures throw
 * the HTTP layer's ApiError, whose `errorCode` is the envelope's `error.details.error_code`.
 */
export class AdminClient implements AdminSource, AdminWrites {
  private requests = 0;
  private waited = 0;

  constructor(
    private readonly http: HttpClient,
    private pageSize = ADMIN_PAGE_SIZE,
  ) {}

  requestCount(): number {
    return this.requests;
  }

  waitMs(): number {
    return this.waited;
  }

  private async send<T>(path: string, options: RequestOptions<T>) {
    this.requests++;
    const started = performance.now();
    try {
      return await this.http.request(`${ADMIN_PREFIX}${path}`, options);
    } finally {
      this.waited += performance.now() - started;
    }
  }

  /** One list page; a plain 400 to a large `limit` is retried once with a smaller one. */
  private async list<T>(path: string, scheme: 'page' | 'cursor', cursor: string | null, item: z.ZodType<T>, signal?: AbortSignal, extra: Query = {}): Promise<AdminPage<T>> {
    // The identical query on every page, plus the cursor (§1.5).
    const query: Query = { ...extra, limit: this.pageSize, ...(cursor === null ? {} : { [scheme === 'page' ? 'after_id' : 'page']: cursor }) };
    const schema = scheme === 'page' ? PageSchema : PageCursorSchema;
    let res;
    try {
      res = await this.send(path, { query, schema, ...(signal ? { signal } : {}) });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 400 || err.errorCode !== null || this.pageSize <= FALLBACK_PAGE_SIZE) throw err;
      this.pageSize = FALLBACK_PAGE_SIZE;
      res = await this.send(path, { query: { ...query, limit: this.pageSize }, schema, ...(signal ? { signal } : {}) });
    }
    const data = res.data as z.infer<typeof PageSchema> & z.infer<typeof PageCursorSchema>;
    const { items, skipped } = parseItems(item, data.data);
    // Page: stop when has_more is false, the page is empty or last_id is null. PageCursor: stop when next_page is empty.
    const next =
      scheme === 'page'
        ? data.has_more === false || data.data.length === 0 || !data.last_id
          ? null
          : data.last_id
        : data.next_page
          ? data.next_page
          : null;
    return { items, skipped, returned: data.data.length, next };
  }

  /** Test connection: the key's organization. */
  async organization(signal?: AbortSignal): Promise<{ id: string; name: string; requestId: string | null }> {
    const res = await this.send('/me', { schema: OrganizationInfoSchema, ...(signal ? { signal } : {}) });
    return { id: res.data.id, name: res.data.name, requestId: res.requestId };
  }

  users(afterId: string | null, signal?: AbortSignal) {
    return this.list('/users', 'page', afterId, OrganizationUserSchema, signal);
  }

  groups(page: string | null, signal?: AbortSignal) {
    return this.list('/rbac_groups', 'cursor', page, RbacGroupSchema, signal);
  }

  members(groupId: string, page: string | null, signal?: AbortSignal) {
    return this.list(`/rbac_groups/${seg(groupId)}/members`, 'cursor', page, RbacGroupMemberSchema, signal);
  }

  roles(page: string | null, signal?: AbortSignal) {
    return this.list('/rbac_roles', 'cursor', page, RbacRoleSchema, signal);
  }

  permissions(roleId: string, page: string | null, signal?: AbortSignal) {
    return this.list(`/rbac_roles/${seg(roleId)}/permissions`, 'cursor', page, RbacRolePermissionSchema, signal);
  }

  spendLimits(page: string | null, signal?: AbortSignal) {
    return this.list('/spend_limits/effective', 'cursor', page, SpendSummarySchema, signal);
  }

  increaseRequests(page: string | null, signal?: AbortSignal) {
    return this.list('/spend_limit_increase_requests', 'cursor', page, SpendLimitIncreaseRequestSchema, signal, { 'status[]': ['pending'] });
  }

  // ------------------------------------------------------------------------------------- writes

  async addGroupMember(groupId: string, userId: string): Promise<{ requestId: string | null }> {
    const res = await this.send(`/rbac_groups/${seg(groupId)}/members`, { method: 'POST', body: { user_id: userId } });
    return { requestId: res.requestId };
  }

  async removeGroupMember(groupId: string, userId: string): Promise<{ requestId: string | null }> {
    const res = await this.send(`/rbac_groups/${seg(groupId)}/members/${seg(userId)}`, { method: 'DELETE' });
    return { requestId: res.requestId };
  }

  async removeUser(userId: string): Promise<{ requestId: string | null }> {
    const res = await this.send(`/users/${seg(userId)}`, { method: 'DELETE' });
    return { requestId: res.requestId };
  }

  /** Every member's user id of one group, all pages, deduped (for the read-back after a change). */
  async listGroupMemberIds(groupId: string): Promise<string[]> {
    const ids = new Set<string>();
    let page: string | null = null;
    for (let n = 0; n < 10_000; n++) {
      const res: AdminPage<RbacGroupMember> = await this.members(groupId, page);
      const before = ids.size;
      for (const m of res.items) ids.add(m.user_id);
      if (res.next === null || res.returned === 0 || ids.size === before) break;
      page = res.next;
    }
    return [...ids];
  }
}
