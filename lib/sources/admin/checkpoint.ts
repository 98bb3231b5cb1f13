import type { BaseCheckpoint } from '../../jobs/types.ts';

export const JOB_ID = 'admin-sync';
export const PHASES = ['users', 'groups', 'members', 'roles', 'permissions', 'limits', 'limitRequests', 'publish'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  users: 'Reading members',
  groups: 'Reading RBAC groups',
  members: 'Reading group members',
  roles: 'Reading roles',
  permissions: 'Reading role permissions',
  limits: 'Reading spend limits',
  limitRequests: 'Reading spend-limit increase requests',
  publish: 'Publishing',
};

/**
 * `page` (BaseCheckpoint) is the cursor inside the current list: `after_id` for users, `next_page` for
 * the PageCursor lists. `index` is the position in the staged groups (members phase) or roles
 * (permissions phase).
 */
export interface AdminCheckpoint extends BaseCheckpoint<Phase> {
  counts: { users: number; groups: number; members: number; roles: number; permissions: number; limits?: number; limitRequests?: number };
  /** Groups whose `role_ids` came back null (role data temporarily unavailable); not records, so not in `counts`. */
  roleDataUnavailable: number;
  /** Groups (members phase) or roles (permissions phase) to walk, known when the phase starts. */
  total: number | null;
  /** Roles could not be read (the organization type has none): the role phases are skipped, and the log says why. */
  rolesUnavailable: string | null;
  /**
   * Effective spend limits (limits phase) or increase requests (limitRequests phase) could not be read for
   * this key or organization: why, in plain words. Never fails the sync; publish clears that table and
   * records the reason. Absent in checkpoints written before these phases existed.
   */
  limitsUnavailable?: LimitsUnavailable | null;
  requestsUnavailable?: LimitsUnavailable | null;
}

export interface LimitsUnavailable {
  /** `organization_type`: the API does not serve this kind of organization; `not_available`: refused (403/404) for this key or org. */
  reason: 'organization_type' | 'not_available';
  message: string;
}

export function syncProgress(cp: AdminCheckpoint): { label: string; fraction: number | null; detail: string | null } {
  const label = PHASE_LABELS[cp.phase];
  if ((cp.phase === 'members' || cp.phase === 'permissions') && cp.total) {
    const what = cp.phase === 'members' ? 'groups' : 'roles';
    return { label, fraction: Math.min(1, cp.index / cp.total), detail: `${cp.index.toLocaleString('en-US')} of ${cp.total.toLocaleString('en-US')} ${what}` };
  }
  const read =
    cp.phase === 'users'
      ? cp.counts.users
      : cp.phase === 'groups'
        ? cp.counts.groups
        : cp.phase === 'roles'
          ? cp.counts.roles
          : cp.phase === 'limits'
            ? (cp.counts.limits ?? 0)
            : cp.phase === 'limitRequests'
              ? (cp.counts.limitRequests ?? 0)
              : null;
  return { label, fraction: null, detail: read === null ? null : `${read.toLocaleString('en-US')} read` };
}
