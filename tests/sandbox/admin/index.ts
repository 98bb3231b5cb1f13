/**
 * Local imitation of the organization's Admin API (`/v1/organizations/*` except analytics), per
 * specs/admin-api.md §1–3 and the checklist of §9:
 *   - auth: the key from `x-api-key` or `Authorization: Bearer`; any `anthropic-version`; unknown or
 *     revoked → 401 authentication_error;
 *   - scopes per key: RBAC reads need read:rbac_groups, membership writes write:rbac_groups [inferred],
 *     member removal write:members; missing → 403 permission_error naming the scope;
 *   - paging: `Page` (users: limit, after_id, before_id → has_more, first_id, last_id) and `PageCursor`
 *     (groups, members, roles, permissions, spend limits, increase requests: limit, page → next_page),
 *     limit 1–1000 (default 20) [unverified]; effective spend limits page by member (a member's rows
 *     never split across pages);
 *   - spend limits (§4): effective limits (`period[]`, `user_ids[]`) and increase requests (`status[]`,
 *     `actor_ids[]`), Enterprise only (else 400 organization_type_not_supported); `control.spendLimits`
 *     switches them to that refusal, 403 or 404;
 *   - errors in the platform envelope with `error.details.error_code` for the named codes of §1.7;
 *   - rules: `scim` groups are read-only while SCIM provisioning is on (plain 400, no documented code);
 *     adds, removes and deletes on an owner-granting group → 400 rbac_group_grants_owner_access.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { SandboxOrg } from '../generator/index.ts';
import type { SandboxKey } from '../shared/contracts.ts';
import { newRequestId, readApiKey, stringParam, arrayParam } from '../shared/http.ts';
import { ApiError, badRequest, sendError } from '../analytics/errors.ts';
import { AdminOrgData, type AdminGroup } from './data.ts';

export { AdminOrgData } from './data.ts';

const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 20;

export interface AdminApiControl {
  /** SCIM provisioning is on for the tenant: `scim` groups refuse membership changes. Default true. */
  scimProvisioning: boolean;
  /** Groups whose `role_ids` come back null ("role data temporarily unavailable"). */
  roleDataUnavailable: Set<string>;
  /** The owner-access check cannot complete: owner-related refusals become rbac_group_owner_access_unconfirmed. */
  ownerCheckUnavailable: boolean;
  /** `console` answers the RBAC endpoints with organization_type_not_supported. */
  organizationType: 'enterprise' | 'console';
  /** Next membership write answers 409 concurrent_membership_change. */
  concurrentChange: boolean;
  /** Largest page the server honours (a larger `limit` is capped, not refused). */
  maxPageSize: number;
  /** The organization has no parent: RBAC roles answer parent_organization_required (groups still work). */
  rolesNeedParent: boolean;
  /**
   * Spend-limit reads (§4): `on`; `unsupported` answers both with 400 organization_type_not_supported (as a
   * Console-type organization does; `organizationType: 'console'` does too); `forbidden` answers 403;
   * `not_found` answers 404.
   */
  spendLimits: 'on' | 'unsupported' | 'forbidden' | 'not_found';
}

const named = (status: number, type: string, code: string, message: string) => new ApiError(status, type, message, { error_code: code });

function limitParam(req: Request, max: number): number {
  const raw = stringParam(req, 'limit');
  if (raw === undefined) return Math.min(DEFAULT_LIMIT, max);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw badRequest(`limit: Input should be an integer between 1 and ${MAX_LIMIT}`);
  return Math.min(n, max);
}

/** `PageCursor`: an opaque token holding the offset into the (stable) list. */
function cursorPage<T>(req: Request, items: readonly T[], max: number): { data: T[]; next_page: string | null } {
  const limit = limitParam(req, max);
  const token = stringParam(req, 'page');
  let offset = 0;
  if (token !== undefined && token !== '') {
    const m = /^pc_(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!m) throw badRequest('page: Invalid page token');
    offset = Number(m[1]);
  }
  const data = items.slice(offset, offset + limit);
  const end = offset + data.length;
  return { data, next_page: end < items.length ? Buffer.from(`pc_${end}`).toString('base64url') : null };
}

/** `Page`: after_id / before_id over a stable order. */
function idPage<T extends { id: string }>(req: Request, items: readonly T[], max: number) {
  const limit = limitParam(req, max);
  const after = stringParam(req, 'after_id');
  const before = stringParam(req, 'before_id');
  let start = 0;
  let end = items.length;
  if (after !== undefined) {
    const i = items.findIndex((u) => u.id === after);
    if (i < 0) throw badRequest('after_id: No object with this ID');
    start = i + 1;
    end = Math.min(items.length, start + limit);
  } else if (before !== undefined) {
    const i = items.findIndex((u) => u.id === before);
    if (i < 0) throw badRequest('before_id: No object with this ID');
    end = i;
    start = Math.max(0, end - limit);
  } else end = Math.min(items.length, limit);
  const data = items.slice(start, end);
  const hasMore = before !== undefined ? start > 0 : end < items.length;
  return { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
}

export function createAdminApi(org: SandboxOrg, opts: { keys: SandboxKey[] }) {
  const data = new AdminOrgData(org);
  const control: AdminApiControl = { scimProvisioning: true, roleDataUnavailable: new Set(), ownerCheckUnavailable: false, organizationType: 'enterprise', concurrentChange: false, maxPageSize: MAX_LIMIT, rolesNeedParent: false, spendLimits: 'on' };
  const router = express.Router();
  router.use(express.json());

  const scopesOf = (req: Request): string[] => (req.res?.locals.scopes as string[] | undefined) ?? [];
  const need = (req: Request, scope: string) => {
    if (!scopesOf(req).includes(scope)) throw new ApiError(403, 'permission_error', `This API key does not have the ${scope} scope required for this request.`);
  };
  const enterpriseOnly = () => {
    if (control.organizationType !== 'enterprise') throw named(400, 'invalid_request_error', 'organization_type_not_supported', 'This endpoint is only available to Claude Enterprise organizations.');
  };
  const rolesOffered = () => {
    enterpriseOnly();
    if (control.rolesNeedParent) throw named(400, 'invalid_request_error', 'parent_organization_required', 'RBAC roles are only available to organizations with a parent organization.');
  };
  const groupOr404 = (id: string): AdminGroup => {
    const g = data.group(id);
    if (!g) throw named(404, 'not_found_error', 'rbac_group_not_found', `RBAC group ${id.slice(0, 64)} was not found.`);
    return g;
  };
  const groupJson = (g: AdminGroup) => ({ id: g.id, created_at: g.created_at, name: g.name, role_ids: control.roleDataUnavailable.has(g.id) ? null : [...g.role_ids], source_type: g.source_type, type: g.type, updated_at: g.updated_at });
  const memberJson = (g: AdminGroup, userId: string, at: string) => ({ created_at: at, email: data.user(userId)?.email ?? '', rbac_group_id: g.id, type: 'rbac_group_member', user_id: userId });
  const roleJson = ({ grantsOwner: _g, permissions: _p, ...r }: (typeof data.roles)[number]) => r;
  /** The write rules of §3.3, in the order a refusal is most specific. */
  const checkMembershipWrite = (g: AdminGroup) => {
    if (g.source_type === 'scim' && control.scimProvisioning) throw badRequest('This RBAC group is provisioned by SCIM; its membership cannot be changed through the API while SCIM provisioning is enabled.');
    if (data.grantsOwnerAccess(g)) {
      if (control.ownerCheckUnavailable) throw named(400, 'invalid_request_error', 'rbac_group_owner_access_unconfirmed', 'Could not confirm whether this RBAC group grants owner access; no change was made.');
      throw named(400, 'invalid_request_error', 'rbac_group_grants_owner_access', 'A role attached to this RBAC group grants owner access. Make this change in the organization admin settings.');
    }
    if (control.concurrentChange) {
      control.concurrentChange = false;
      throw named(409, 'conflict_error', 'concurrent_membership_change', 'Another membership change is in progress.');
    }
  };

  // Auth (every route): the request id first, then the key.
  router.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('request-id', newRequestId());
    const secret = readApiKey(req);
    const key = opts.keys.find((k) => k.secret === secret && k.active);
    if (!key) return sendError(res, new ApiError(401, 'authentication_error', 'invalid x-api-key'));
    res.locals.scopes = key.scopes;
    next();
  });

  const h = (fn: (req: Request, res: Response) => void) => (req: Request, res: Response) => {
    try {
      fn(req, res);
    } catch (err) {
      if (err instanceof ApiError) sendError(res, err);
      else sendError(res, new ApiError(500, 'api_error', 'Internal server error'));
    }
  };

  router.get('/me', h((_req, res) => void res.json(data.organization)));

  router.get(
    '/users',
    h((req, res) => {
      let users = data.users;
      const email = stringParam(req, 'email');
      if (email) users = users.filter((u) => u.email.toLowerCase() === email.trim().toLowerCase());
      const roles = arrayParam(req, 'roles');
      if (roles) users = users.filter((u) => roles.includes(u.role));
      res.json(idPage(req, users, control.maxPageSize));
    }),
  );
  router.get(
    '/users/:id',
    h((req, res) => {
      const u = data.user(String(req.params.id));
      if (!u) throw new ApiError(404, 'not_found_error', 'User not found.');
      res.json(u);
    }),
  );
  router.delete(
    '/users/:id',
    h((req, res) => {
      need(req, 'write:members');
      const id = String(req.params.id);
      const u = data.user(id);
      if (!u) throw new ApiError(404, 'not_found_error', 'User not found.');
      if (data.users.length === 1) throw named(400, 'invalid_request_error', 'cannot_remove_last_member', 'The user is the only member of the organization.');
      // [inferred] The Primary Owner cannot be removed through the API.
      if (u.role === 'primary_owner') throw badRequest('The Primary Owner cannot be removed from the organization.');
      data.users.splice(data.users.indexOf(u), 1);
      for (const g of data.groups) g.members.delete(id);
      res.json({ id, type: 'user_deleted' });
    }),
  );

  router.get(
    '/rbac_groups',
    h((req, res) => {
      need(req, 'read:rbac_groups');
      enterpriseOnly();
      const page = cursorPage(req, data.groups, control.maxPageSize);
      res.json({ data: page.data.map(groupJson), next_page: page.next_page });
    }),
  );
  router.get(
    '/rbac_groups/:id',
    h((req, res) => {
      need(req, 'read:rbac_groups');
      enterpriseOnly();
      res.json(groupJson(groupOr404(String(req.params.id))));
    }),
  );
  router.get(
    '/rbac_groups/:id/members',
    h((req, res) => {
      need(req, 'read:rbac_groups');
      enterpriseOnly();
      const g = groupOr404(String(req.params.id));
      const page = cursorPage(req, [...g.members.entries()], control.maxPageSize);
      res.json({ data: page.data.map(([userId, at]) => memberJson(g, userId, at)), next_page: page.next_page });
    }),
  );
  router.post(
    '/rbac_groups/:id/members',
    h((req, res) => {
      need(req, 'write:rbac_groups');
      enterpriseOnly();
      const g = groupOr404(String(req.params.id));
      const userId = (req.body as { user_id?: unknown } | undefined)?.user_id;
      if (typeof userId !== 'string' || userId === '') throw badRequest('user_id: Field required');
      if (!data.user(userId)) throw new ApiError(404, 'not_found_error', 'User not found.');
      checkMembershipWrite(g);
      // [inferred] Adding a current member changes nothing and answers the membership.
      if (!g.members.has(userId)) g.members.set(userId, new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
      res.json(memberJson(g, userId, g.members.get(userId)!));
    }),
  );
  router.delete(
    '/rbac_groups/:id/members/:userId',
    h((req, res) => {
      need(req, 'write:rbac_groups');
      enterpriseOnly();
      const g = groupOr404(String(req.params.id));
      const userId = String(req.params.userId);
      checkMembershipWrite(g);
      if (!g.members.has(userId)) throw new ApiError(404, 'not_found_error', 'The user is not a member of this RBAC group.');
      g.members.delete(userId);
      res.json({ rbac_group_id: g.id, user_id: userId, type: 'rbac_group_member_deleted' });
    }),
  );

  // Roles: reading them needs read:rbac_groups here [inferred]; no scope is named for them.
  router.get(
    '/rbac_roles',
    h((req, res) => {
      need(req, 'read:rbac_groups');
      rolesOffered();
      const page = cursorPage(req, data.roles, control.maxPageSize);
      res.json({ data: page.data.map(roleJson), next_page: page.next_page });
    }),
  );
  router.get(
    '/rbac_roles/:id',
    h((req, res) => {
      need(req, 'read:rbac_groups');
      rolesOffered();
      const r = data.role(String(req.params.id));
      if (!r) throw named(404, 'not_found_error', 'rbac_role_not_found', 'RBAC role not found.');
      res.json(roleJson(r));
    }),
  );
  router.get(
    '/rbac_roles/:id/permissions',
    h((req, res) => {
      need(req, 'read:rbac_groups');
      rolesOffered();
      const r = data.role(String(req.params.id));
      if (!r) throw named(404, 'not_found_error', 'rbac_role_not_found', 'RBAC role not found.');
      res.json(cursorPage(req, r.permissions, control.maxPageSize));
    }),
  );

  // Spend limits (§4.1). No scope is named for these reads [unverified]: any Admin API key reads them here,
  // and `control.spendLimits` stands in for a key or organization that is refused.
  const spendLimitsOffered = () => {
    if (control.spendLimits === 'unsupported' || control.organizationType !== 'enterprise') {
      throw named(400, 'invalid_request_error', 'organization_type_not_supported', 'Spend limits are only available to Claude Enterprise organizations.');
    }
    if (control.spendLimits === 'forbidden') throw new ApiError(403, 'permission_error', 'This API key is not allowed to read spend limits.');
    if (control.spendLimits === 'not_found') throw new ApiError(404, 'not_found_error', 'Not found.');
  };
  const PERIODS = new Set(['daily', 'weekly', 'monthly']);
  router.get(
    '/spend_limits/effective',
    h((req, res) => {
      spendLimitsOffered();
      const periods = arrayParam(req, 'period');
      if (periods?.some((p) => !PERIODS.has(p))) throw badRequest('period: Input should be \'daily\', \'weekly\' or \'monthly\'');
      const userIds = arrayParam(req, 'user_ids');
      if (userIds && userIds.length > 100) throw badRequest('user_ids: List should have at most 100 items');
      let rows = data.spendSummaries;
      if (periods) rows = rows.filter((r) => periods.includes(r.period));
      if (userIds) rows = rows.filter((r) => userIds.includes(r.actor.user_id));
      // A member's rows never split across pages: page over members, `limit` counting rows, at least one member per page.
      const byMember: (typeof rows)[] = [];
      for (const r of rows) {
        const last = byMember[byMember.length - 1];
        if (last && last[0]!.actor.user_id === r.actor.user_id) last.push(r);
        else byMember.push([r]);
      }
      const limit = limitParam(req, control.maxPageSize);
      const token = stringParam(req, 'page');
      let offset = 0;
      if (token !== undefined && token !== '') {
        const m = /^sl_(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
        if (!m) throw badRequest('page: Invalid page token');
        offset = Number(m[1]);
      }
      const out: typeof rows = [];
      let end = offset;
      while (end < byMember.length && (out.length === 0 || out.length + byMember[end]!.length <= limit)) out.push(...byMember[end++]!);
      res.json({ data: out, next_page: end < byMember.length ? Buffer.from(`sl_${end}`).toString('base64url') : null });
    }),
  );
  const STATUSES = new Set(['pending', 'approved', 'denied']);
  router.get(
    '/spend_limit_increase_requests',
    h((req, res) => {
      spendLimitsOffered();
      const statuses = arrayParam(req, 'status');
      if (statuses?.some((s) => !STATUSES.has(s))) throw badRequest('status: Input should be \'pending\', \'approved\' or \'denied\'');
      const actors = arrayParam(req, 'actor_ids');
      let rows = data.increaseRequests;
      if (statuses) rows = rows.filter((r) => statuses.includes(r.status));
      if (actors) rows = rows.filter((r) => actors.includes(r.actor.user_id));
      res.json(cursorPage(req, rows, control.maxPageSize));
    }),
  );

  return { router, control, data };
}
export type AdminApi = ReturnType<typeof createAdminApi>;
