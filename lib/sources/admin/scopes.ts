import { ApiError, type HttpClient } from '../../api/http/index.ts';
import type { CoreDb } from '../../db/schema.ts';
import { parseScopeErrorBody } from '../../keys/scopes.ts';
import { ADMIN_PREFIX } from './client.ts';
import { OrganizationInfoSchema } from './schemas.ts';
import { ADMIN_SCOPE_CHECK, ADMIN_SCOPE_IDS, ADMIN_SCOPE_INFO, type AdminScopeCheck, type AdminScopeId, type ScopeState } from './scope-status.ts';

export { ADMIN_SCOPE_CHECK, AdminScopeCheckSchema, type AdminScopeCheck } from './scope-status.ts';

/**
 * Which scopes the stored Admin API key carries, from cheap read probes (`limit=1`) and 403s
 * (admin-api.md §1.2, §9). There is no introspection endpoint. Reads are provable by reading; writes
 * are not provable without writing, and this check never writes: a write scope stays "not checked until
 * the first change" unless a 403 happens to list the key's scopes, or a change through the extension
 * has since shown it (recordWriteOutcome).
 */

const READ_PROBES: Array<{ scope: AdminScopeId; path: string }> = [
  { scope: 'read:users', path: '/users' },
  { scope: 'read:rbac_groups', path: '/rbac_groups' },
  { scope: 'read:rbac_roles', path: '/rbac_roles' },
];

const UNAVAILABLE_CODES = new Set(['organization_type_not_supported', 'parent_organization_required', 'organization_not_eligible']);
const NOT_CHECKED = 'Not checked until the first change: a write scope cannot be proven without writing, and this check never writes.';

/** Checks the key behind `http` with read-only probes. Never throws for API answers; never writes. */
export async function checkAdminScopes(http: HttpClient, now = new Date()): Promise<AdminScopeCheck> {
  const base = { checkedAt: now.toISOString(), organization: null, scopes: [], requestId: null };
  let organization: { id: string; name: string };
  let requestId: string | null = null;
  try {
    const res = await http.request(`${ADMIN_PREFIX}/me`, { schema: OrganizationInfoSchema, retry: { maxRetries: 1 } });
    organization = { id: res.data.id, name: res.data.name };
    requestId = res.requestId;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      return { ...base, status: 'invalid_key', message: err.message, requestId: err.requestId };
    }
    return { ...base, status: 'unreachable', message: err instanceof Error ? err.message : String(err), requestId: err instanceof ApiError ? err.requestId : null };
  }

  const rows = new Map<AdminScopeId, { state: ScopeState; detail: string }>();
  let listed: string[] | null = null;
  for (const probe of READ_PROBES) {
    try {
      const res = await http.request(`${ADMIN_PREFIX}${probe.path}`, { query: { limit: 1 }, retry: { maxRetries: 1 } });
      rows.set(probe.scope, { state: 'present', detail: 'Read successfully.' });
      requestId = res.requestId ?? requestId;
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === null) throw err;
      requestId = err.requestId ?? requestId;
      if (err.status === 403) {
        // [unverified] whether Admin API 403s list the key's scopes as Compliance 403s do; used when they do.
        listed ??= parseScopeErrorBody({ error: { message: err.serverMessage ?? '' } })?.got ?? null;
        rows.set(probe.scope, { state: 'missing', detail: `Refused (HTTP 403)${err.serverMessage ? `: ${err.serverMessage.slice(0, 200)}` : ''}` });
      } else if (err.errorCode && UNAVAILABLE_CODES.has(err.errorCode)) {
        rows.set(probe.scope, { state: 'unavailable', detail: err.message });
      } else {
        rows.set(probe.scope, { state: 'not_checked', detail: err.message });
      }
    }
  }
  for (const scope of ['write:rbac_groups', 'write:members'] as const) {
    if (listed) rows.set(scope, { state: listed.includes(scope) ? 'present' : 'missing', detail: 'From the scope list the API sent with a refusal.' });
    else rows.set(scope, { state: 'not_checked', detail: NOT_CHECKED });
  }
  const scopes = ADMIN_SCOPE_IDS.map((scope) => ({ scope, ...rows.get(scope)! }));
  const missingReads = scopes.filter((s) => s.scope.startsWith('read:') && s.state === 'missing');
  const message =
    missingReads.length === 0
      ? `Connected to ${organization.name}. The key can read what the sync needs.`
      : `Connected to ${organization.name}, but the key cannot read ${missingReads.map((s) => ADMIN_SCOPE_INFO[s.scope].label.replace(/ \(.*\)$/, '').toLowerCase()).join(' or ')}: the sync needs it. Create a key with read:rbac_groups and replace it.`;
  return { checkedAt: now.toISOString(), status: 'ok', message, organization, scopes, requestId };
}

/**
 * What a change through the Admin API proved about a write scope: it worked (present) or was refused
 * with 403 (missing). Updates the stored check, if there is one.
 */
export async function recordWriteOutcome(db: CoreDb, scope: 'write:rbac_groups' | 'write:members', ok: boolean, now = new Date()): Promise<void> {
  const check = await ADMIN_SCOPE_CHECK.read(db);
  if (!check) return;
  const detail = ok ? `Shown by a change on ${now.toISOString().slice(0, 10)}.` : `A change was refused (HTTP 403) on ${now.toISOString().slice(0, 10)}.`;
  await ADMIN_SCOPE_CHECK.write(db, { ...check, scopes: check.scopes.map((s) => (s.scope === scope ? { ...s, state: ok ? 'present' : 'missing', detail } : s)) });
}
