import type { JobSpec } from '../../jobs/types.ts';
import { JOB_ID, PHASES, syncProgress, type AdminCheckpoint } from './checkpoint.ts';
import type { AdminSource } from './client.ts';
import type { AdminDb } from './phases/env.ts';
import { groups } from './phases/groups.ts';
import { limitRequests } from './phases/limit-requests.ts';
import { limits } from './phases/limits.ts';
import { members } from './phases/members.ts';
import { permissions } from './phases/permissions.ts';
import { publish } from './phases/publish.ts';
import { roles } from './phases/roles.ts';
import { users } from './phases/users.ts';

/**
 * An Admin API sync as a job of the shared mechanism (lib/jobs): every member, every RBAC group, each
 * group's members, the role catalogue and each role's permissions, the effective per-person spend limits
 * and pending increase requests (where the key and organization have them), then publish in one transaction.
 * The API has no change feed, so every sync reads everything.
 */
export const SYNC_JOB: JobSpec<AdminCheckpoint, AdminSource, object, AdminDb> = {
  id: JOB_ID,
  label: 'Admin API sync',
  phases: PHASES,
  steps: { users, groups, members, roles, permissions, limits, limitRequests, publish },
  applies: (phase, cp) => !(phase === 'permissions' && cp.rolesUnavailable !== null),
  beginTables: ['adminStage'],
  begin: async (base, { db }) => {
    await db.adminStage.clear();
    return {
      ...base,
      total: null,
      rolesUnavailable: null,
      limitsUnavailable: null,
      requestsUnavailable: null,
      roleDataUnavailable: 0,
      counts: { users: 0, groups: 0, members: 0, roles: 0, permissions: 0, limits: 0, limitRequests: 0 },
    };
  },
  progress: (cp) => syncProgress(cp),
  keepMessage: 'The previous Admin API sync is still shown.',
};
