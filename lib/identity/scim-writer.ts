import { apiPath, isApiError, type ApiResponse, type HttpClient, type RequestOptions } from '../api/http/index.ts';
import { ListResponseSchema, ScimGroupSchema, ScimUserSchema, type ScimGroup, type ScimUser } from '../sources/scim/schemas.ts';
import { userNameFilter, type PatchBody, type ScimCreateBody } from './scim-forms.ts';

/**
 * The SCIM calls provisioning makes (specs/scim.md §3, §5, §6), each noted as one line for the audit
 * record ("POST /Users → 201"). Paths are relative to the SCIM URL, whose per-directory key is never
 * written into a record. A POST is never re-sent here: the caller looks the user up first (§5 Retries).
 */

/** How many pages the last-resort case-insensitive scan reads before giving up (at SCAN_PAGE each). */
export const SCAN_MAX_PAGES = 50;
export const SCAN_PAGE = 200;

const ListSchema = ListResponseSchema;

export class ScimWriter {
  /** What was sent and what came back, in order (for the audit record). */
  readonly steps: string[] = [];
  /** The request id of the last response or failure that carried one. */
  lastRequestId: string | null = null;

  constructor(private readonly http: HttpClient) {}

  private async call<T>(label: string, path: string, options: RequestOptions<T>, describe?: (res: ApiResponse<T>) => string): Promise<ApiResponse<T>> {
    const method = options.method ?? 'GET';
    try {
      const res = await this.http.request(path, options);
      if (res.requestId) this.lastRequestId = res.requestId;
      this.steps.push(`${method} ${label} → ${res.status}${describe ? `, ${describe(res)}` : ''}${res.attempts > 1 ? ` (${res.attempts} attempts)` : ''}`);
      return res;
    } catch (err) {
      if (isApiError(err)) {
        if (err.requestId) this.lastRequestId = err.requestId;
        const what = err.status !== null ? `HTTP ${err.status}${err.apiErrorType ? ` ${err.apiErrorType}` : ''}` : err.kind;
        this.steps.push(`${method} ${label} → ${what}${err.attempts > 1 ? ` (${err.attempts} attempts)` : ''}`);
      } else {
        this.steps.push(`${method} ${label} → error`);
      }
      throw err;
    }
  }

  /** POST /Users, sent once (no automatic retry of any kind). */
  async createUser(body: ScimCreateBody, summary: string): Promise<{ user: ScimUser; requestId: string | null }> {
    const res = await this.call(`/Users {${summary}}`, '/Users', { method: 'POST', body, schema: ScimUserSchema, retry: { maxRetries: 0 } });
    return { user: res.data, requestId: res.requestId };
  }

  /** GET /Users/{id}; null when the service answers 404. */
  async getUser(id: string): Promise<ScimUser | null> {
    try {
      return (await this.call(apiPath`/Users/${id}`, apiPath`/Users/${id}`, { schema: ScimUserSchema })).data;
    } catch (err) {
      if (isApiError(err) && err.status === 404) return null;
      throw err;
    }
  }

  /** DELETE /Users/{id}: 'deleted' on 204, 'missing' on 404 (already gone counts as done). */
  async deleteUser(id: string): Promise<{ result: 'deleted' | 'missing'; requestId: string | null }> {
    try {
      const res = await this.call(apiPath`/Users/${id}`, apiPath`/Users/${id}`, { method: 'DELETE' });
      return { result: 'deleted', requestId: res.requestId };
    } catch (err) {
      // A 404 after a retried attempt means the first one went through: deleted, not "already gone".
      if (isApiError(err) && err.status === 404) return { result: err.attempts > 1 ? 'deleted' : 'missing', requestId: err.requestId };
      throw err;
    }
  }

  /** PATCH /Groups/{id}. A single-member add or remove is safe to re-send, so it may be retried. */
  async patchGroup(groupId: string, body: PatchBody, summary: string): Promise<{ status: number; group: ScimGroup | null; requestId: string | null }> {
    const res = await this.call(`${apiPath`/Groups/${groupId}`} {${summary}}`, apiPath`/Groups/${groupId}`, { method: 'PATCH', body, idempotent: true });
    const parsed = res.status === 204 || res.data === undefined ? null : ScimGroupSchema.safeParse(res.data);
    return { status: res.status, group: parsed?.success ? parsed.data : null, requestId: res.requestId };
  }

  /** The member ids of a group (GET /Groups/{id}); null when the group is gone (404). */
  async groupMemberIds(groupId: string): Promise<string[] | null> {
    try {
      const res = await this.call(apiPath`/Groups/${groupId}`, apiPath`/Groups/${groupId}`, { schema: ScimGroupSchema }, (r) => `${r.data.members?.length ?? 0} members`);
      return (res.data.members ?? []).map((m) => m.value);
    } catch (err) {
      if (isApiError(err) && err.status === 404) return null;
      throw err;
    }
  }

  private async filterUsers(userName: string): Promise<ScimUser[]> {
    const filter = userNameFilter(userName);
    const res = await this.call(`/Users?filter=${filter}`, '/Users', { query: { filter }, schema: ListSchema }, (r) => `${r.data.Resources?.length ?? 0} found`);
    return (res.data.Resources ?? []).flatMap((r) => {
      const u = ScimUserSchema.safeParse(r);
      return u.success ? [u.data] : [];
    });
  }

  /**
   * Finds a user by userName, case-insensitively on the client (spec §4.3: servers do not reliably
   * case-fold): the lower-cased value, then the casing the admin typed, then ids the last sync knew for
   * that address (each read back), then a capped scan of the whole list.
   */
  async findUserByUserName(email: string, options: { typed?: string; knownIds?: readonly string[] } = {}): Promise<ScimUser | null> {
    const wanted = email.toLowerCase();
    const matches = (u: ScimUser) => u.userName.toLowerCase() === wanted || (u.emails ?? []).some((e) => e.value?.toLowerCase() === wanted);
    const tried = new Set<string>();
    for (const candidate of [wanted, options.typed?.trim()]) {
      if (!candidate || tried.has(candidate)) continue;
      tried.add(candidate);
      const hit = (await this.filterUsers(candidate)).find(matches);
      if (hit) return hit;
    }
    for (const id of options.knownIds ?? []) {
      const u = await this.getUser(id);
      if (u && matches(u)) return u;
    }
    const seen = new Set<string>();
    for (let page = 0, startIndex = 1; page < SCAN_MAX_PAGES; page++) {
      const res = await this.call(`/Users?startIndex=${startIndex}&count=${SCAN_PAGE}`, '/Users', { query: { startIndex, count: SCAN_PAGE }, schema: ListSchema });
      const resources = res.data.Resources ?? [];
      let fresh = 0;
      for (const r of resources) {
        const u = ScimUserSchema.safeParse(r);
        if (!u.success || seen.has(u.data.id)) continue;
        seen.add(u.data.id);
        fresh++;
        if (matches(u.data)) return u.data;
      }
      if (resources.length === 0 || fresh === 0) break;
      startIndex += resources.length;
    }
    return null;
  }
}

/** Re-exported so callers need not import zod for the user shape. */
export type { ScimUser, ScimGroup };
